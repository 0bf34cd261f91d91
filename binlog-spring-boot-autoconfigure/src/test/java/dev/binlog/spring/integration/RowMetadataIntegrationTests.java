package dev.binlog.spring.integration;

import java.math.BigDecimal;

import dev.binlog.spring.Row;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Server settings": column names come from the TABLE_MAP with {@code binlog_row_metadata=FULL}, else
 * from information_schema, checked against each event. A table altered between two events is decoded with each
 * layout where the binlog says it; with MINIMAL metadata, an event that no longer fits information_schema stops the
 * stream rather than misalign columns.
 */
class RowMetadataIntegrationTests {

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void addColumnBetweenTwoInsertsIsDecodedWithEachLayout(RowMetadata metadata) {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String schema = TestServers.uniqueSchema("ddl");
		server.execute("CREATE DATABASE " + schema,
				"CREATE TABLE " + schema + ".items (id INT PRIMARY KEY, name VARCHAR(20))");
		BinlogContexts.runner(server).withBean(Recorder.class).run((context) -> {
			Recorder recorder = context.getBean(Recorder.class);
			server.execute("INSERT INTO " + schema + ".items VALUES (1, 'one')");
			// with MINIMAL metadata the layout of an event is only known while it is the table's current one
			await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 1);
			server.execute("ALTER TABLE " + schema + ".items ADD COLUMN price DECIMAL(6,2) AFTER id");
			server.execute("INSERT INTO " + schema + ".items VALUES (2, 9.99, 'two')");
			await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 2);
			Row first = ((TableWriteEvent) recorder.changes(schema).get(0)).getRows().get(0);
			Row second = ((TableWriteEvent) recorder.changes(schema).get(1)).getRows().get(0);
			assertThat(first.toMap()).containsExactly(entry("id", 1), entry("name", "one"));
			assertThat(second.toMap()).containsExactly(entry("id", 2), entry("price", new BigDecimal("9.99")),
					entry("name", "two"));
		});
	}

	@Test
	void alteredTableWithMinimalMetadataStopsInsteadOfMisaligningColumns() throws Exception {
		// the app was down during the ALTER: the old event no longer fits information_schema
		String error = failAfterAlter("ADD COLUMN b INT AFTER id");
		assertThat(error).contains("Cannot name the columns of ").contains("binlog_row_metadata=FULL");
	}

	@Test
	void changedColumnTypeWithMinimalMetadataStops() throws Exception {
		String error = failAfterAlter("MODIFY a VARCHAR(10)");
		assertThat(error).contains("column 2 ('a') is varchar(10)").contains("LONG in the binlog event");
	}

	private static String failAfterAlter(String alteration) throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);
		String schema = TestServers.uniqueSchema("altered");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, a INT)");
		String position = TestServers.binlogPosition(server);
		server.execute("INSERT INTO " + schema + ".t VALUES (1, 10)", "ALTER TABLE " + schema + ".t " + alteration);
		StringBuilder error = new StringBuilder();
		BinlogContexts.runner(server).withBean(Recorder.class)
			.withPropertyValues("binlog.start-position=" + position, "binlog.include=" + schema + "\\..*")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThat(context.getBean(Recorder.class).changes(schema)).isEmpty();
				assertThat(container.committedPosition().toString()).startsWith(position);
				error.append(container.getStatus().lastError());
			});
		return error.toString();
	}

	private static java.util.Map.Entry<String, Object> entry(String key, Object value) {
		return new java.util.AbstractMap.SimpleEntry<>(key, value);
	}

}
