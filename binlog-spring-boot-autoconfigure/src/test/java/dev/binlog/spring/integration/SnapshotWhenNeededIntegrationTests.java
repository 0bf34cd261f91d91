package dev.binlog.spring.integration;

import java.util.List;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.spring.integration.SnapshotIntegrationTests.Snapshots;
import dev.binlog.test.EmbeddedMariaDb;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code binlog.snapshot.mode=when-needed}: a saved position whose binlog was purged is answered with a snapshot of
 * every captured table from the latest position instead of a failure. On a server of its own, as the test purges its
 * binlog.
 */
class SnapshotWhenNeededIntegrationTests {

	@Test
	void aPurgedSavedPositionIsReplacedByASnapshotFromTheLatestPosition() throws Exception {
		try (EmbeddedMariaDb server = EmbeddedMariaDb.builder().serverId(8).start()) {
			String schema = TestServers.uniqueSchema("snapneeded");
			server.execute("CREATE DATABASE " + schema, "USE " + schema,
					"CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
					"INSERT INTO " + schema + ".t SELECT seq, 'before' FROM seq_1_to_30");
			BinlogContexts.runner(server, schema).run((context) -> {
				assertThat(context).hasNotFailed();
				BinlogContexts.awaitCaughtUp(context.getBean(BinlogListenerContainer.class));
			});
			// while the application is down: changes, then the binlog holding them is purged
			server.execute("UPDATE " + schema + ".t SET v = 'while down' WHERE id <= 10",
					"DELETE FROM " + schema + ".t WHERE id > 25",
					"INSERT INTO " + schema + ".t VALUES (100, 'while down')", "FLUSH BINARY LOGS");
			String current = TestServers.queryForString(server, "SHOW MASTER STATUS");
			await().atMost(TIMEOUT).until(() -> {
				server.execute("PURGE BINARY LOGS TO '" + current + "'");
				return TestServers.queryForString(server, "SHOW BINARY LOGS").equals(current);
			});

			Replica replica = new Replica();
			Snapshots snapshots = new Snapshots();
			BinlogContexts.runner(server, schema)
				.withPropertyValues("binlog.snapshot.mode=when-needed", "binlog.snapshot.chunk-size=7")
				.withBean(Replica.class, () -> replica)
				.withBean(Snapshots.class, () -> snapshots)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
					await().atMost(TIMEOUT).until(() -> snapshots.completed.containsKey("t"));
					server.execute("INSERT INTO " + schema + ".t VALUES (101, 'after')");
					await().atMost(TIMEOUT).until(() -> replica.table("t").containsKey(101));
					assertThat(snapshots.started).containsExactly("t");
					assertThat(snapshots.completed).containsEntry("t", 26L);
					assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
					assertThat(container.getStatus().skippedEvents()).as("nothing skipped by choice").isZero();
					assertThat(replica.table("t")).isEqualTo(Replica.select(server, schema, "t", List.of("id", "v")));
				});
		}
	}

}
