package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.binlog.spring.autoconfigure.BinlogClusterAutoConfiguration;
import dev.binlog.spring.cluster.BinlogLeaderCandidate;
import dev.binlog.spring.cluster.BinlogRole;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database that holds the election lock and the position record becomes unreachable for the application while
 * a workload writes: its account is locked and its connections killed, so renewals, saves and new connections fail,
 * while the watched server goes on. The leader stops delivering; when the account is unlocked an instance streams
 * again from the saved position; the record never moves backwards and the replica equals the source.
 * <p>
 * Spring Integration's initiator gives the lock up before it calls {@code onRevoked} when a renewal throws, so for a
 * moment a standby may be granted while the old leader still delivers: only fencing covers that window.
 */
class ClusterDatabaseOutageIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void anOutageOfTheLockAndPositionDatabaseStopsDeliveryAndAnInstanceResumesWithoutLoss() throws Exception {
		String schema = TestServers.uniqueSchema("outage");
		String user = "app" + ThreadLocalRandom.current().nextInt(1_000_000);
		Workload workload = new Workload(this.server, schema, 12);
		workload.createTables();
		this.server.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'secret'",
				"GRANT ALL ON " + schema + ".* TO '" + user + "'@'%'");
		Replica replica = new Replica();
		ApplicationContextRunner runner = BinlogContexts.runner(this.server, schema)
			.withConfiguration(AutoConfigurations.of(BinlogClusterAutoConfiguration.class))
			.withBean(Replica.class, () -> replica)
			.withPropertyValues("spring.datasource.username=" + user, "spring.datasource.password=secret",
					// fail fast while the database is away rather than wait 30 s for a connection
					"spring.datasource.hikari.connection-timeout=500",
					"spring.datasource.hikari.validation-timeout=250", "binlog.cluster.enabled=true",
					"binlog.cluster.jdbc.initialize-schema=always", "binlog.cluster.lock-time-to-live=2s",
					"binlog.position.save-interval=0");
		runner.withPropertyValues(instance("a")).run((a) -> {
			await().atMost(TIMEOUT).until(() -> role(a) == BinlogRole.LEADER);
			runner.withPropertyValues(instance("b")).run((b) -> {
				PositionWatch watch = new PositionWatch(schema);
				AtomicBoolean writing = new AtomicBoolean(true);
				Thread writer = new Thread(() -> {
					while (writing.get()) {
						workload.run(1);
					}
				}, "outage-workload");
				watch.start();
				writer.start();
				try {
					await().atMost(TIMEOUT).until(() -> replica.deliveredRows() > 50);

					this.server.execute("ALTER USER '" + user + "'@'%' ACCOUNT LOCK");
					killConnections(user);
					// the leader notices at its next renewal and stops; nobody can be elected meanwhile
					await().atMost(TIMEOUT).until(() -> role(a) == BinlogRole.STANDBY && role(b) == BinlogRole.STANDBY
							&& !streaming(a) && !streaming(b));
					int delivered = replica.deliveredRows();
					await().during(Duration.ofSeconds(2))
						.atMost(TIMEOUT)
						.until(() -> replica.deliveredRows() == delivered && role(a) == BinlogRole.STANDBY
								&& role(b) == BinlogRole.STANDBY);

					this.server.execute("ALTER USER '" + user + "'@'%' ACCOUNT UNLOCK");
					await().atMost(TIMEOUT).until(() -> streaming(a) || streaming(b));
					await().atMost(TIMEOUT).until(() -> replica.deliveredRows() > delivered + 50);
				}
				finally {
					writing.set(false);
					writer.join();
				}
				workload.awaitEqual(replica);
				watch.stop();
				assertThat(watch.failures).isEmpty();
				assertThat(watch.positions).hasSizeGreaterThan(1);
				assertThat(watch.positions).as("the saved position, in the order it was read")
					.isSortedAccordingTo(PositionWatch::compare);
				System.out.println("[cluster outage] duplicated transactions: " + replica.duplicatedTransactions()
						+ ", rows delivered: " + replica.deliveredRows());
			});
		});
	}

	private void killConnections(String user) throws Exception {
		List<Long> ids = new ArrayList<>();
		try (Connection connection = this.server.connect(); Statement statement = connection.createStatement()) {
			try (ResultSet rs = statement
				.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '" + user + "'")) {
				while (rs.next()) {
					ids.add(rs.getLong(1));
				}
			}
			for (long id : ids) {
				try {
					statement.execute("KILL CONNECTION " + id);
				}
				catch (SQLException ex) {
					// it ended by itself between the look-up and the kill
				}
			}
		}
		assertThat(ids).as("connections of %s to kill", user).isNotEmpty();
	}

	// each instance its own binlog server id, as separate replicas would have
	private static String[] instance(String name) {
		return new String[] { "binlog.cluster.instance-id=" + name,
				"binlog.server-id=" + ThreadLocalRandom.current().nextInt(1000, 1_000_000) };
	}

	private static BinlogRole role(AssertableApplicationContext context) {
		return context.getBean(BinlogLeaderCandidate.class).role();
	}

	private static boolean streaming(AssertableApplicationContext context) {
		return context.getBean(BinlogListenerContainer.class).getStatus().state() == ContainerState.STREAMING;
	}

	/**
	 * Reads the position record as root, the way an operator would, every 20 ms while the test runs.
	 */
	private final class PositionWatch {

		final List<String[]> positions = new CopyOnWriteArrayList<>();

		final List<Exception> failures = new CopyOnWriteArrayList<>();

		private final String schema;

		private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

		private @Nullable Connection connection;

		PositionWatch(String schema) {
			this.schema = schema;
		}

		void start() throws SQLException {
			this.connection = ClusterDatabaseOutageIntegrationTests.this.server.connect();
			this.executor.scheduleWithFixedDelay(this::read, 0, 20, TimeUnit.MILLISECONDS);
		}

		void stop() throws Exception {
			this.executor.shutdown();
			this.executor.awaitTermination(10, TimeUnit.SECONDS);
			this.connection.close();
		}

		private void read() {
			try (Statement statement = this.connection.createStatement();
					ResultSet rs = statement.executeQuery("SELECT binlog_file, binlog_position FROM " + this.schema
							+ ".binlog_position WHERE name = 'default'")) {
				if (rs.next()) {
					String[] position = { rs.getString(1), rs.getString(2) };
					String[] last = this.positions.isEmpty() ? null : this.positions.get(this.positions.size() - 1);
					if (last == null || compare(last, position) != 0) {
						this.positions.add(position);
					}
				}
			}
			catch (SQLException ex) {
				this.failures.add(ex);
			}
		}

		static int compare(String[] one, String[] two) {
			int files = one[0].compareTo(two[0]);
			return (files != 0) ? files : Long.compare(Long.parseLong(one[1]), Long.parseLong(two[1]));
		}

	}

}
