package dev.binlog.spring.integration;

import java.util.Map;
import java.util.TreeMap;

import dev.binlog.spring.Action;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.integration.SnapshotIntegrationTests.Snapshots;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Temporal values of snapshot rows, which the snapshot parses from the server's text, equal the stream's values of
 * the same rows: every fraction width, the end of a day, leap days, NULLs.
 */
class SnapshotTemporalValuesIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void snapshotRowsCarryTheSameTemporalValuesAsTheStream() throws Exception {
		String schema = TestServers.uniqueSchema("snaptime");
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema, "CREATE TABLE " + schema + ".t (id INT "
				+ "PRIMARY KEY, dt0 DATETIME, dt3 DATETIME(3), dt6 DATETIME(6), ts0 TIMESTAMP NULL, ts2 TIMESTAMP(2) "
				+ "NULL, ts6 TIMESTAMP(6) NULL, d DATE, tm TIME(4), y YEAR)");
		Recorder recorder = new Recorder();
		Snapshots snapshots = new Snapshots();
		BinlogContexts.runner(this.server)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.withBean(Recorder.class, () -> recorder)
			.withBean(Snapshots.class, () -> snapshots)
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				this.server.execute("INSERT INTO " + schema + ".t VALUES "
						+ "(1, '2024-02-29 23:59:59', '2024-02-29 23:59:59.999', '2024-02-29 23:59:59.999999', "
						+ "'2038-01-19 03:14:07', '1970-01-01 00:00:01.01', '2024-05-01 12:00:00.000001', "
						+ "'2024-02-29', '-838:59:59.9999', 2155), "
						+ "(2, '1000-01-01 00:00:00', '2024-05-01 12:00:00.100', '2024-05-01 12:00:00.000010', "
						+ "'2024-05-01 12:00:00', '2024-05-01 12:00:00.50', '2037-12-31 23:59:59.999999', "
						+ "'9999-12-31', '00:00:00.0001', 1901), "
						+ "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
				BinlogContexts.awaitCaughtUp(container);
				container.snapshots().snapshot(schema, "t", null);
				await().atMost(TIMEOUT).until(() -> snapshots.completed.containsKey("t"));
				Map<Object, Map<String, Object>> stream = rows(recorder, schema, Action.WRITE);
				Map<Object, Map<String, Object>> snapshot = rows(recorder, schema, Action.SNAPSHOT);
				assertThat(stream).hasSize(3);
				assertThat(snapshot).isEqualTo(stream);
			});
	}

	private static Map<Object, Map<String, Object>> rows(Recorder recorder, String schema, Action action) {
		Map<Object, Map<String, Object>> rows = new TreeMap<>();
		for (TableChangeEvent event : recorder.changes(schema)) {
			if (event.getAction() == action) {
				for (RowChange change : event.getChanges()) {
					Row row = change.row();
					rows.put(row.get("id"), new TreeMap<>(row.toMap()));
				}
			}
		}
		return rows;
	}

}
