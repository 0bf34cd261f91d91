package dev.binlog.spring.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static dev.binlog.spring.integration.TestTimeouts.CHILD_JVM_TIMEOUT;
import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the application in the middle of a large transaction: after a restart every row is
 * delivered, and only the transactions after the last saved position are delivered twice.
 */
class CrashRecoveryIntegrationTests {

	private static final int SMALL_TRANSACTIONS = 50;

	private static final int LARGE_ROWS = 200_000;

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	// kept when the test fails: the child applications' logs are in it
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void killDuringALargeTransactionLosesNothingAndDuplicatesOnlyAfterTheSavedPosition() throws Exception {
		String schema = TestServers.uniqueSchema("crash");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v INT)");
		Path output = this.directory.resolve("delivered.txt");

		Process first = start(schema, output, "first", "--crash.hang-at-id=1000");
		awaitLine(output, "ready", this.directory.resolve("first.log"));
		for (int i = 1; i <= SMALL_TRANSACTIONS; i++) {
			this.server.execute("INSERT INTO " + schema + ".t VALUES (" + i + ", 0)");
		}
		this.server.execute("BEGIN", "INSERT INTO " + schema + ".t SELECT seq, 1 FROM " + schema + ".seq_1000_to_"
				+ (1000 + LARGE_ROWS - 1), "COMMIT");
		// the large transaction is being delivered: kill the JVM without any chance to save or close
		awaitLine(output, "hanging", this.directory.resolve("first.log"));
		first.destroyForcibly().waitFor();
		Map<Integer, Integer> beforeRestart = countRows(output);
		assertThat(beforeRestart.keySet().stream().filter((id) -> id >= 1000).count()).isLessThan(LARGE_ROWS);
		String saved = TestServers.queryForString(this.server,
				"SELECT gtid_set FROM " + schema + ".binlog_position WHERE name = 'default'");

		Process second = start(schema, output, "second");
		try {
			await().atMost(CHILD_JVM_TIMEOUT).until(() -> countRows(output).size() == SMALL_TRANSACTIONS + LARGE_ROWS);
		}
		finally {
			second.destroy();
			second.waitFor();
		}
		Map<Integer, Integer> delivered = countRows(output);
		// nothing lost
		assertThat(delivered).hasSize(SMALL_TRANSACTIONS + LARGE_ROWS);
		// the small transactions were saved before the kill: none of them came twice
		assertThat(delivered.entrySet()).filteredOn((entry) -> entry.getKey() < 1000)
			.allSatisfy((entry) -> assertThat(entry.getValue()).isEqualTo(1));
		// the interrupted transaction came again from its start: the rows delivered before the kill, twice
		assertThat(delivered.entrySet()).filteredOn((entry) -> entry.getValue() > 1)
			.allSatisfy((entry) -> assertThat(beforeRestart).containsKey(entry.getKey()));
		long lastSmall = sequenceOfCommit(output, SMALL_TRANSACTIONS);
		assertThat(sequence(saved)).isGreaterThanOrEqualTo(lastSmall);
	}

	@Test
	void sigtermWhileAListenerIsBusyStopsWithinTheShutdownTimeoutAndTheRestartDeliversTheTransaction()
			throws Exception {
		String schema = TestServers.uniqueSchema("sigterm");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v INT)");
		Path output = this.directory.resolve("delivered.txt");
		Process first = start(schema, output, "first", "--crash.hang-at-id=2", "--binlog.shutdown-timeout=2s");
		awaitLine(output, "ready", this.directory.resolve("first.log"));
		this.server.execute("INSERT INTO " + schema + ".t VALUES (1, 0)");
		this.server.execute("INSERT INTO " + schema + ".t VALUES (2, 0)");
		awaitLine(output, "hanging", this.directory.resolve("first.log"));
		// SIGTERM: the application closes its context, the stop gives up waiting for the listener after 2 s
		first.destroy();
		assertThat(first.waitFor(CHILD_JVM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
		assertThat(Files.readString(this.directory.resolve("first.log"))).contains("still busy");
		this.server.execute("INSERT INTO " + schema + ".t VALUES (3, 0)");
		Process second = start(schema, output, "second");
		try {
			await().atMost(CHILD_JVM_TIMEOUT).until(() -> countRows(output).containsKey(3));
		}
		finally {
			second.destroy();
			second.waitFor();
		}
		// the busy transaction came again; the one before it was saved and did not
		assertThat(countRows(output)).containsEntry(1, 1).containsEntry(2, 2).containsEntry(3, 1);
	}

	@Test
	void aListenerCallingSystemExitEndsTheProcessWithItsStatus() throws Exception {
		String schema = TestServers.uniqueSchema("exit");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v INT)");
		Path output = this.directory.resolve("delivered.txt");
		Process app = start(schema, output, "exit", "--crash.exit-at-id=1");
		awaitLine(output, "ready", this.directory.resolve("exit.log"));
		this.server.execute("INSERT INTO " + schema + ".t VALUES (1, 0)");
		assertThat(app.waitFor(CHILD_JVM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
		assertThat(app.exitValue()).isEqualTo(3);
	}

	@Test
	void aStreamOnlyApplicationWhoseContainerFailsExitsWithStatusOne() throws Exception {
		String schema = TestServers.uniqueSchema("failexit");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v INT)");
		Path output = this.directory.resolve("delivered.txt");
		Process app = start(schema, output, "fail", "--crash.fail-at-id=1", "--binlog.listener-failure.action=stop");
		awaitLine(output, "ready", this.directory.resolve("fail.log"));
		this.server.execute("INSERT INTO " + schema + ".t VALUES (1, 0)");
		assertThat(app.waitFor(CHILD_JVM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
		assertThat(app.exitValue()).isEqualTo(1);
		assertThat(Files.readString(this.directory.resolve("fail.log"))).contains("exiting with status 1");
	}

	private Process start(String schema, Path output, String name, String... extraArguments) throws IOException {
		List<String> command = ChildJvm.command(CrashApp.class, this.server, schema);
		command.addAll(List.of("--crash.output=" + output, "--binlog.server-id=4242",
				"--binlog.include=" + schema + "\\..*", "--binlog.position.flush-interval=0",
				"--binlog.position.initialize-schema=always"));
		command.addAll(List.of(extraArguments));
		return ChildJvm.start(command, this.directory.resolve(name + ".log"));
	}

	private static void awaitLine(Path output, String line, Path log) throws IOException {
		ChildJvm.awaitLine(output, line, log, TIMEOUT);
	}

	private static Map<Integer, Integer> countRows(Path output) throws IOException {
		Map<Integer, Integer> counts = new HashMap<>();
		if (Files.exists(output)) {
			for (String line : Files.readAllLines(output)) {
				if (line.startsWith("row ")) {
					counts.merge(Integer.parseInt(line.substring(4)), 1, Integer::sum);
				}
			}
		}
		return counts;
	}

	// the GTID sequence of the n-th commit in the output
	private static long sequenceOfCommit(Path output, int n) throws IOException {
		return sequence(Files.readAllLines(output)
			.stream()
			.filter((line) -> line.startsWith("commit "))
			.skip(n - 1)
			.findFirst()
			.orElseThrow()
			.substring(7));
	}

	private static long sequence(String gtid) {
		return Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1));
	}

}
