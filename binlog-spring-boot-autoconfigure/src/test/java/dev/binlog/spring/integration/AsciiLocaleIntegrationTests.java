package dev.binlog.spring.integration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static dev.binlog.spring.integration.TestTimeouts.CHILD_JVM_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Identifiers and labels under a POSIX locale, where the JVM's default charset is US-ASCII: they are UTF-8 on the
 * server and must arrive intact, and a schema with non-ASCII letters must still match its include pattern. The
 * default charset is fixed when a JVM starts, so the application runs in a child JVM.
 */
class AsciiLocaleIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	// kept when the test fails: the child application's log is in it
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void nonAsciiSchemaTableColumnAndLabelArriveIntactUnderAnAsciiDefaultCharset() throws Exception {
		String schema = TestServers.uniqueSchema("ünï");
		this.server.execute("CREATE DATABASE `" + schema + "`", "CREATE TABLE `" + schema + "`.`täble` (id INT "
				+ "PRIMARY KEY, `cölumn` VARCHAR(10) CHARACTER SET utf8mb4, e ENUM('é','ß') CHARACTER SET utf8mb4)");
		Path output = this.directory.resolve("delivered.txt");
		Path log = this.directory.resolve("child.log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		// the command line itself is decoded as ASCII in the child: the include pattern names the schema by escapes
		String include = schema.replace("ü", "\\u00fc").replace("ï", "\\u00ef") + "\\..*";
		Process app = new ProcessBuilder(List.of(java, "-Xmx256m", "-Dfile.encoding=US-ASCII",
				"-Dsun.jnu.encoding=US-ASCII", "-cp", classpath, AsciiLocaleApp.class.getName(),
				"--ascii.output=" + output, "--spring.main.web-application-type=none",
				"--binlog.host=" + this.server.host(), "--binlog.port=" + this.server.port(),
				"--binlog.username=" + this.server.username(), "--binlog.password=" + this.server.password(),
				"--binlog.server-id=4343", "--binlog.position.store=memory", "--binlog.include=" + include))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			awaitLine(output, log, (line) -> line.startsWith("ready "));
			assertThat(Files.readAllLines(output, StandardCharsets.UTF_8)).contains("ready US-ASCII");
			this.server.execute("INSERT INTO `" + schema + "`.`täble` VALUES (1, 'Grüße', 'é')");
			awaitLine(output, log, (line) -> line.startsWith("row "));
			assertThat(Files.readAllLines(output, StandardCharsets.UTF_8))
				.contains("row " + schema + ".täble id=1 cölumn=Grüße e=é");
		}
		finally {
			app.destroy();
			app.waitFor();
		}
	}

	private static void awaitLine(Path output, Path log, java.util.function.Predicate<String> line)
			throws IOException {
		try {
			await().atMost(CHILD_JVM_TIMEOUT)
				.until(() -> Files.exists(output)
						&& Files.readAllLines(output, StandardCharsets.UTF_8).stream().anyMatch(line));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The child application did not write the line:\n" + Files.readString(log), ex);
		}
	}

}
