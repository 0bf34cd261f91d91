package dev.binlog.spring.integration;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static dev.binlog.spring.integration.TestTimeouts.CHILD_JVM_TIMEOUT;
import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of an application with transactional delivery at random moments under a mixed workload, 20 times,
 * alone and as the elected leader of two instances: its listener is not idempotent, yet every counter ends equal to
 * the number of changes of its key and every ledger row exists once, because the listener's writes and the position
 * commit together or not at all, and a leader's position write checks that it still owns the record.
 */
class TransactionalCrashIntegrationTests {

	private static final int KILLS = 20;

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	// kept when the test fails: the child applications' logs are in it
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	private final Map<String, Process> running = new ConcurrentHashMap<>();

	// each instance has a server id of its own: the server ends the older of two connections with the same one
	private final AtomicInteger started = new AtomicInteger();

	@Test
	void killNineTwentyTimesAtRandomMomentsUnderAMixedWorkloadLeavesEveryEffectExactlyOnce() throws Exception {
		String schema = createSchema("txcrash");
		Workload workload = new Workload(schema);
		// the first run records where it starts before the workload writes anything
		start(schema, "run0");
		awaitReady("run0");
		workload.start();
		try {
			for (int kill = 1; kill <= KILLS; kill++) {
				String app = "run" + (kill - 1);
				awaitDeliveryOfAFewMore(schema);
				this.running.remove(app).destroyForcibly().waitFor();
				start(schema, "run" + kill);
				awaitReady("run" + kill);
			}
		}
		finally {
			workload.stop();
		}
		assertExactlyOnce(schema, workload);
	}

	@Test
	void killNineOfTheLeaderTwentyTimesAcrossFailoversLeavesEveryEffectExactlyOnce() throws Exception {
		String schema = createSchema("txfailover");
		// the tables exist before two instances start at once, as in production
		ResourceDatabasePopulator tables = new ResourceDatabasePopulator(
				new ClassPathResource("dev/binlog/spring/position/schema-mysql.sql"),
				new ClassPathResource("org/springframework/integration/jdbc/schema-mysql.sql"));
		tables.execute(new DriverManagerDataSource(this.server.jdbcUrl(schema), this.server.username(),
				this.server.password()));
		Workload workload = new Workload(schema);
		start(schema, "app0", clusterArguments("app0"));
		start(schema, "app1", clusterArguments("app1"));
		awaitReady("app0");
		awaitReady("app1");
		await().atMost(TIMEOUT).until(() -> count("SELECT COUNT(*) FROM " + schema + ".binlog_position") == 1);
		workload.start();
		List<String> leaders = new ArrayList<>();
		try {
			for (int kill = 1; kill <= KILLS; kill++) {
				awaitDeliveryOfAFewMore(schema);
				// the instance whose position write the record accepts now: the leader
				String leader = TestServers.queryForString(this.server,
						"SELECT owner FROM " + schema + ".binlog_position WHERE name = 'default'");
				Process process = this.running.remove(leader);
				assertThat(process).as("the owner %s of the record is a running instance", leader).isNotNull();
				process.destroyForcibly().waitFor();
				leaders.add(leader);
				// the stand-by takes over once the lock's time to live has passed; a new stand-by starts meanwhile
				String next = "app" + (kill + 1);
				start(schema, next, clusterArguments(next));
			}
		}
		finally {
			workload.stop();
		}
		assertThat(leaders).as("killed leaders").doesNotHaveDuplicates().hasSize(KILLS);
		assertExactlyOnce(schema, workload);
	}

	private String createSchema(String prefix) {
		String schema = TestServers.uniqueSchema(prefix);
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".src (id INT PRIMARY KEY, v INT)",
				"CREATE TABLE " + schema + ".ledger (seq BIGINT AUTO_INCREMENT PRIMARY KEY, src_id INT, v INT)",
				"CREATE TABLE " + schema + ".counter (k INT PRIMARY KEY, n INT NOT NULL)");
		return schema;
	}

	private static String[] clusterArguments(String name) {
		return new String[] { "--binlog.cluster.enabled=true", "--binlog.cluster.instance-id=" + name,
				"--binlog.cluster.lock-time-to-live=2s", "--binlog.cluster.jdbc.initialize-schema=never" };
	}

	// a kill falls into the middle of delivering: the workload keeps writing small transactions
	private void awaitDeliveryOfAFewMore(String schema) throws SQLException {
		long delivered = count("SELECT COUNT(*) FROM " + schema + ".ledger");
		long target = delivered + ThreadLocalRandom.current().nextInt(30, 300);
		await().atMost(CHILD_JVM_TIMEOUT).until(() -> count("SELECT COUNT(*) FROM " + schema + ".ledger") >= target);
	}

	private void assertExactlyOnce(String schema, Workload workload) throws Exception {
		assertThat(workload.failure.get()).isNull();
		int total = workload.changes.values().stream().mapToInt(Integer::intValue).sum();
		try {
			await().atMost(CHILD_JVM_TIMEOUT)
				.until(() -> count("SELECT COUNT(*) FROM " + schema + ".ledger") >= total);
		}
		finally {
			for (Process process : this.running.values()) {
				process.destroy();
				process.waitFor();
			}
			this.running.clear();
		}
		System.out.println("[transactional crash] " + schema + ": " + KILLS + " kills, " + total + " source changes");
		assertThat(count("SELECT COUNT(*) FROM " + schema + ".ledger")).isEqualTo(total);
		assertThat(count("SELECT COUNT(DISTINCT src_id, v) FROM " + schema + ".ledger")).isEqualTo(total);
		assertThat(counters(schema)).isEqualTo(workload.changes);
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

	private void start(String schema, String name, String... extra) throws IOException {
		List<String> command = ChildJvm.command(LedgerApp.class, this.server, schema);
		command.addAll(List.of("--ledger.ready-file=" + this.directory.resolve(name + ".ready"),
				"--binlog.server-id=" + (4243 + this.started.incrementAndGet()), "--binlog.include=" + schema + "\\..*",
				"--binlog.exclude=" + schema + "\\.(ledger|counter)", "--binlog.delivery.mode=transactional",
				"--binlog.position.initialize-schema=always"));
		command.addAll(List.of(extra));
		this.running.put(name, ChildJvm.start(command, this.directory.resolve(name + ".log")));
	}

	private void awaitReady(String name) throws IOException {
		Path ready = this.directory.resolve(name + ".ready");
		Process process = this.running.get(name);
		Path log = this.directory.resolve(name + ".log");
		try {
			await().atMost(CHILD_JVM_TIMEOUT).until(() -> Files.exists(ready) || !process.isAlive());
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("The child application did not start:\n" + Files.readString(log), ex);
		}
		assertThat(process.isAlive()).as("%s started:\n%s", name, Files.readString(log)).isTrue();
	}

	/**
	 * Inserts and updates in transactions of one to three statements, a few hundred a second, until stopped; a
	 * key's n-th change sets v to n - 1, so a ledger row names its change.
	 */
	private final class Workload {

		private final String schema;

		final Map<Integer, Integer> changes = new ConcurrentHashMap<>();

		final AtomicReference<Throwable> failure = new AtomicReference<>();

		private final AtomicBoolean writing = new AtomicBoolean(true);

		private final Thread thread;

		Workload(String schema) {
			this.schema = schema;
			this.thread = new Thread(() -> {
				try {
					write();
				}
				catch (Throwable ex) {
					this.failure.set(ex);
				}
			}, "txcrash-workload");
		}

		void start() {
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.writing.set(false);
			this.thread.join();
		}

		private void write() throws SQLException {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			int nextId = 1;
			try (Connection connection = TransactionalCrashIntegrationTests.this.server.connect();
					Statement statement = connection.createStatement()) {
				connection.setAutoCommit(false);
				while (this.writing.get()) {
					Map<Integer, Integer> transaction = new HashMap<>();
					int statements = random.nextInt(1, 4);
					for (int i = 0; i < statements; i++) {
						int id;
						if (nextId < 20 || random.nextBoolean()) {
							id = nextId++;
							statement.execute("INSERT INTO " + this.schema + ".src VALUES (" + id + ", 0)");
						}
						else {
							id = random.nextInt(1, nextId);
							statement.execute("UPDATE " + this.schema + ".src SET v = v + 1 WHERE id = " + id);
						}
						transaction.merge(id, 1, Integer::sum);
					}
					connection.commit();
					transaction.forEach((id, count) -> this.changes.merge(id, count, Integer::sum));
					// paced: a few hundred transactions a second keep the ledger small over a minute of kills
					LockSupport.parkNanos(2_000_000);
				}
			}
		}

	}

}
