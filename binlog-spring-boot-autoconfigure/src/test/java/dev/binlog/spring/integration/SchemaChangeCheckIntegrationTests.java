package dev.binlog.spring.integration;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Server settings" and "Troubleshooting": without {@code binlog_row_metadata=FULL} the starter reads
 * the binary log ahead of the stream before it trusts {@code information_schema}; a server that refuses that read
 * stops the stream with a message saying the change cannot be ruled out, and which grant or setting fixes it.
 */
class SchemaChangeCheckIntegrationTests {

	@Test
	void refusedBinlogReadStopsTheStreamNamingTheTableAndTheGrant() throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);
		String schema = TestServers.uniqueSchema("nomonitor");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, a INT)");
		server.createUser("cdc_no_monitor", "pw-no-monitor", "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");
		BinlogContexts.runner(server)
			.withBean(Recorder.class)
			.withPropertyValues("binlog.include=" + schema + "\\..*", "binlog.username=cdc_no_monitor",
					"binlog.password=pw-no-monitor")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.STREAMING);
				// the startup checks need the grant too: take it away once the stream runs; the look-ups open a
				// new connection each, so the next one is refused
				server.execute("REVOKE BINLOG MONITOR ON *.* FROM 'cdc_no_monitor'@'%'");
				server.execute("INSERT INTO " + schema + ".t VALUES (1, 10)");
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThat(context.getBean(Recorder.class).changes(schema)).isEmpty();
				assertThat(container.getStatus().lastError())
					.contains("Cannot tell whether " + schema + ".t was changed after ")
					.contains("GRANT REPLICATION CLIENT ON *.* (BINLOG MONITOR on MariaDB) to the binlog user")
					.contains("binlog_row_metadata=FULL")
					.doesNotContain("pw-no-monitor");
			});
	}

}
