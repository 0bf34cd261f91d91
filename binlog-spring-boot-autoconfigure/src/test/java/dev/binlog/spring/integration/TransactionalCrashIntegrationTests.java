package dev.binlog.spring.integration;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

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
 * {@code kill -9} of an application with transactional delivery at random moments under a mixed workload: its
 * listener is not idempotent, yet every counter ends equal to the number of changes of its key and every ledger row
 * exists once, because the listener's writes and the position commit together or not at all.
 */
class TransactionalCrashIntegrationTests {

	private static final int KILLS = 3;

	private static final int TRANSACTIONS = 800;

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	// kept when the test fails: the child applications' logs are in it
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void killNineAtRandomMomentsUnderAMixedWorkloadLeavesEveryEffectExactlyOnce() throws Exception {
		String schema = TestServers.uniqueSchema("txcrash");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".src (id INT PRIMARY KEY, v INT)",
				"CREATE TABLE " + schema + ".ledger (seq BIGINT AUTO_INCREMENT PRIMARY KEY, src_id INT, v INT)",
				"CREATE TABLE " + schema + ".counter (k INT PRIMARY KEY, n INT NOT NULL)");
		Map<Integer, Integer> changes = new ConcurrentHashMap<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicReference<Throwable> workloadFailure = new AtomicReference<>();
		Thread workload = new Thread(() -> {
			try {
				write(schema, changes, writing);
			}
			catch (Throwable ex) {
				workloadFailure.set(ex);
			}
		}, "txcrash-workload");
		// the first run records where it starts before the workload writes anything
		Process first = start(schema, "run1");
		workload.start();
		try {
			for (int kill = 1; kill <= KILLS; kill++) {
				Process app = (kill == 1) ? first : start(schema, "run" + kill);
				long delivered = count("SELECT COUNT(*) FROM " + schema + ".ledger");
				long target = delivered + ThreadLocalRandom.current().nextInt(30, 300);
				// in the middle of delivering: the workload keeps writing small transactions
				await().atMost(TIMEOUT).until(() -> count("SELECT COUNT(*) FROM " + schema + ".ledger") >= target);
				app.destroyForcibly().waitFor();
			}
		}
		catch (Throwable ex) {
			writing.set(false);
			throw ex;
		}
		finally {
			workload.join();
		}
		assertThat(workloadFailure.get()).isNull();
		int total = changes.values().stream().mapToInt(Integer::intValue).sum();
		Process last = start(schema, "last");
		try {
			await().atMost(CHILD_JVM_TIMEOUT)
				.until(() -> count("SELECT COUNT(*) FROM " + schema + ".ledger") >= total);
		}
		finally {
			last.destroy();
			last.waitFor();
		}
		assertThat(count("SELECT COUNT(*) FROM " + schema + ".ledger")).isEqualTo(total);
		assertThat(count("SELECT COUNT(DISTINCT src_id, v) FROM " + schema + ".ledger")).isEqualTo(total);
		assertThat(counters(schema)).isEqualTo(changes);
	}

	// inserts and updates in a fixed number of transactions of one to three statements (the kills fall into their
	// delivery, whether the writes are still going on or being caught up with); a key's n-th change sets v to n - 1, so a
	// ledger row names its change
	private void write(String schema, Map<Integer, Integer> changes, AtomicBoolean writing) throws SQLException {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int nextId = 1;
		try (Connection connection = this.server.connect(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			for (int n = 0; n < TRANSACTIONS && writing.get(); n++) {
				Map<Integer, Integer> transaction = new HashMap<>();
				int statements = random.nextInt(1, 4);
				for (int i = 0; i < statements; i++) {
					if (nextId < 20 || random.nextBoolean()) {
						int id = nextId++;
						statement.execute("INSERT INTO " + schema + ".src VALUES (" + id + ", 0)");
						transaction.merge(id, 1, Integer::sum);
					}
					else {
						int id = random.nextInt(1, nextId);
						statement.execute("UPDATE " + schema + ".src SET v = v + 1 WHERE id = " + id);
						transaction.merge(id, 1, Integer::sum);
					}
				}
				connection.commit();
				transaction.forEach((id, count) -> changes.merge(id, count, Integer::sum));
			}
		}
	}

	private Map<Integer, Integer> counters(String schema) throws SQLException {
		Map<Integer, Integer> counters = new HashMap<>();
		try (Connection connection = this.server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT k, n FROM " + schema + ".counter")) {
			while (rs.next()) {
				counters.put(rs.getInt(1), rs.getInt(2));
			}
		}
		return counters;
	}

	private long count(String sql) throws SQLException {
		return Long.parseLong(TestServers.queryForString(this.server, sql));
	}

	private Process start(String schema, String name) throws IOException {
		Path ready = this.directory.resolve(name + ".ready");
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath, LedgerApp.class.getName(),
				"--ledger.ready-file=" + ready, "--spring.main.web-application-type=none",
				"--binlog.host=" + this.server.host(), "--binlog.port=" + this.server.port(),
				"--binlog.username=" + this.server.username(), "--binlog.password=" + this.server.password(),
				"--binlog.server-id=4243", "--binlog.include=" + schema + "\\..*",
				"--binlog.exclude=" + schema + "\\.(ledger|counter)", "--binlog.delivery.mode=transactional",
				"--binlog.position.initialize-schema=always", "--spring.datasource.url=" + this.server.jdbcUrl(schema),
				"--spring.datasource.username=" + this.server.username(),
				"--spring.datasource.password=" + this.server.password()));
		File log = this.directory.resolve(name + ".log").toFile();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		try {
			await().atMost(CHILD_JVM_TIMEOUT).until(() -> Files.exists(ready) || !process.isAlive());
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("The child application did not start:\n" + Files.readString(log.toPath()), ex);
		}
		assertThat(process.isAlive()).as("%s started:\n%s", name, Files.readString(log.toPath())).isTrue();
		return process;
	}

}
