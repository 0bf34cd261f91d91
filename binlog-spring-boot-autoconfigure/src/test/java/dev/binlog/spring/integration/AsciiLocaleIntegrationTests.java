package dev.binlog.spring.integration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

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
 * server and must arrive intact, a schema with non-ASCII letters must still match its include pattern, and DDL on
 * its tables must still be read as such. The default charset is fixed when a JVM starts, so the application runs in
 * a child JVM.
 */
class AsciiLocaleIntegrationTests {

	// kept when the test fails: the child application's log is in it
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void nonAsciiSchemaTableColumnAndLabelArriveIntactUnderAnAsciiDefaultCharset() throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("ünï");
		server.execute("CREATE DATABASE `" + schema + "`", "CREATE TABLE `" + schema + "`.`täble` (id INT "
				+ "PRIMARY KEY, `cölumn` VARCHAR(10) CHARACTER SET utf8mb4, e ENUM('é','ß') CHARACTER SET utf8mb4)");
		Path output = this.directory.resolve("delivered.txt");
		Process app = startApp(server, schema, output);
		try {
			server.execute("INSERT INTO `" + schema + "`.`täble` VALUES (1, 'Grüße', 'é')");
			awaitLine(output, (line) -> line.startsWith("row "));
			assertThat(Files.readAllLines(output, StandardCharsets.UTF_8))
				.contains("row " + schema + ".täble id=1 cölumn=Grüße e=é");
		}
		finally {
			app.destroy();
			app.waitFor();
		}
	}

	// With MINIMAL metadata the column names come from information_schema, and only the DDL statement read from the
	// binlog tells that a rename (same types, so the TABLE_MAP looks the same) ended the old layout's validity.
	@Test
	void renameOfAColumnInANonAsciiSchemaIsSeenUnderAnAsciiDefaultCharset() throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);
		String schema = TestServers.uniqueSchema("ünï");
		server.execute("CREATE DATABASE `" + schema + "`",
				"CREATE TABLE `" + schema + "`.t (id INT PRIMARY KEY, before_rename INT)");
		Path output = this.directory.resolve("delivered.txt");
		Process app = startApp(server, schema, output);
		try {
			server.execute("INSERT INTO `" + schema + "`.t VALUES (1, 10)");
			awaitLine(output, (line) -> line.startsWith("row "));
			server.execute("ALTER TABLE `" + schema + "`.t RENAME COLUMN before_rename TO after_rename",
					"INSERT INTO `" + schema + "`.t VALUES (2, 20)");
			awaitLine(output, (line) -> line.contains(" id=2 "));
			assertThat(Files.readAllLines(output, StandardCharsets.UTF_8)).contains(
					"row " + schema + ".t id=1 before_rename=10", "row " + schema + ".t id=2 after_rename=20");
		}
		finally {
			app.destroy();
			app.waitFor();
		}
	}

	private Process startApp(EmbeddedMariaDb server, String schema, Path output) throws IOException {
		Path log = this.directory.resolve("child.log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		// the command line itself is decoded as ASCII in the child: the include pattern names the schema by escapes
		String include = schema.replace("ü", "\\u00fc").replace("ï", "\\u00ef") + "\\..*";
		Process app = new ProcessBuilder(List.of(java, "-Xmx256m", "-Dfile.encoding=US-ASCII",
				"-Dsun.jnu.encoding=US-ASCII", "-cp", classpath, AsciiLocaleApp.class.getName(),
				"--ascii.output=" + output, "--spring.main.web-application-type=none",
				"--binlog.host=" + server.host(), "--binlog.port=" + server.port(),
				"--binlog.username=" + server.username(), "--binlog.password=" + server.password(),
				"--binlog.server-id=4343", "--binlog.position.store=memory", "--binlog.include=" + include))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			awaitLine(output, (line) -> line.startsWith("ready "));
			assertThat(Files.readAllLines(output, StandardCharsets.UTF_8)).contains("ready US-ASCII");
			return app;
		}
		catch (RuntimeException | AssertionError ex) {
			app.destroy();
			throw ex;
		}
	}

	private void awaitLine(Path output, Predicate<String> line) throws IOException {
		Path log = this.directory.resolve("child.log");
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
