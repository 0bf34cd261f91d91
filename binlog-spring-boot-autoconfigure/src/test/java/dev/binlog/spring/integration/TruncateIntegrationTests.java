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
 * The README's "Usage" caveat: {@code TRUNCATE TABLE} is DDL, written to the binlog as a statement, so it removes
 * rows without any row event; the stream goes on past it.
 */
class TruncateIntegrationTests {

	@Test
	void truncatePublishesNoRowEvents() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("truncate");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(server)
			.withBean(Recorder.class)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				server.execute("INSERT INTO " + schema + ".t VALUES (1)", "TRUNCATE TABLE " + schema + ".t",
						"INSERT INTO " + schema + ".t VALUES (2)");
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() >= 2);
				assertThat(recorder.keys(schema)).containsExactly("write@" + schema + ".t", "write@" + schema + ".t");
				assertThat(context.getBean(BinlogListenerContainer.class).getStatus().state())
					.isEqualTo(ContainerState.STREAMING);
			});
	}

}
