package dev.binlog.spring.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.binlog.test.EmbeddedMariaDb;

import static org.awaitility.Awaitility.await;

/**
 * An application of the tests in a JVM of its own, to be killed with {@code kill -9}: started on the tests' class
 * path with a small heap, connected to a server for both the binlog and the position {@code DataSource}.
 */
final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * Return the command that runs an application class with the binlog and {@code spring.datasource} properties of
	 * a server and schema.
	 * @param main the application class
	 * @param server the server
	 * @param schema the schema of the DataSource
	 * @return the command, to which the caller adds its own arguments
	 */
	static List<String> command(Class<?> main, EmbeddedMariaDb server, String schema) {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// C1 only: the child starts in a few seconds on a busy machine, and runs long enough for nothing more
		return new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath, main.getName(),
				"--spring.main.web-application-type=none", "--binlog.host=" + server.host(),
				"--binlog.port=" + server.port(), "--binlog.username=" + server.username(),
				"--binlog.password=" + server.password(), "--spring.datasource.url=" + server.jdbcUrl(schema),
				"--spring.datasource.username=" + server.username(),
				"--spring.datasource.password=" + server.password()));
	}

	/**
	 * Start a command, its output and errors going to a log file.
	 * @param command the command
	 * @param log the log file
	 * @return the process
	 * @throws IOException if it cannot be started
	 */
	static Process start(List<String> command, Path log) throws IOException {
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/**
	 * Wait until the application wrote a line to its output file, failing with its log if it does not.
	 * @param output the output file
	 * @param line the line
	 * @param log the application's log
	 * @param timeout how long to wait
	 * @throws IOException if the log cannot be read
	 */
	static void awaitLine(Path output, String line, Path log, Duration timeout) throws IOException {
		try {
			await().atMost(timeout).until(() -> Files.exists(output) && Files.readAllLines(output).contains(line));
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("The child application did not write '" + line + "':\n" + Files.readString(log),
					ex);
		}
	}

}
