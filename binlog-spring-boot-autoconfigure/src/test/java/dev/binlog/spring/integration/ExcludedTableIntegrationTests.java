package dev.binlog.spring.integration;

import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Properties": rows of tables {@code binlog.exclude} leaves out are not decoded, so a table the
 * starter could not decode does not stop the stream of the tables it captures.
 */
class ExcludedTableIntegrationTests {

	@Test
	void rowsOfAnExcludedTableWhoseLayoutCannotBeKnownDoNotStopTheStream() throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);
		String schema = TestServers.uniqueSchema("excluded");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".kept (id INT PRIMARY KEY, a INT)",
				"CREATE TABLE " + schema + ".skipped (id INT PRIMARY KEY, a INT, b INT)");
		String position = TestServers.binlogPosition(server);
		// while the application is down: a row of the excluded table, then an ALTER that makes the layout at that
		// row unknowable without FULL row metadata (a captured table would stop the stream here)
		server.execute("INSERT INTO " + schema + ".skipped VALUES (1, 10, 20)",
				"ALTER TABLE " + schema + ".skipped MODIFY a INT AFTER b",
				"INSERT INTO " + schema + ".kept VALUES (1, 10)");
		BinlogContexts.runner(server)
			.withBean(Recorder.class)
			.withPropertyValues("binlog.start-position=" + position, "binlog.include=" + schema + "\\..*",
					"binlog.exclude=" + schema + "\\.skipped")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED
						|| !recorder.changes(schema).isEmpty());
				assertThat(container.getStatus().lastError()).isNull();
				assertThat(recorder.changes(schema)).singleElement().satisfies((TableChangeEvent change) -> {
					assertThat(change.getTable()).isEqualTo("kept");
					assertThat(((TableWriteEvent) change).getRows().get(0).get("a")).isEqualTo(10);
				});
				BinlogContexts.awaitRead(container);
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			});
	}

}
