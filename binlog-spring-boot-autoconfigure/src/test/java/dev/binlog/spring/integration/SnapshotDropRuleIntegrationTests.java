package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogPosition;
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
 * The DBLog drop rule against a real MariaDB: a row of a chunk that the stream changed after the chunk's watermark
 * and before the chunk is published is left out of the chunk, so the chunk's older version never follows the
 * stream's newer one.
 * <p>
 * The chunk's read is held open deterministically: its {@code WHERE} condition waits for a named lock
 * ({@code GET_LOCK}) the test holds, after {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} fixed the watermark.
 * While it waits, the test updates a row of the chunk and waits until the stream delivered the update; then it
 * releases the lock and the chunk, read at the older watermark, is published.
 */
class SnapshotDropRuleIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void aRowTheStreamChangedAfterTheChunksWatermarkIsNotDeliveredAfterTheStreamsNewerVersion() throws Exception {
		String schema = TestServers.uniqueSchema("snapdrop");
		String gate = schema + "_gate";
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema,
				"CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
				"INSERT INTO " + schema + ".t SELECT seq, 'old' FROM seq_1_to_10");
		Recorder recorder = new Recorder();
		Snapshots snapshots = new Snapshots();
		try (Connection holder = this.server.connect()) {
			assertThat(scalar(holder, "SELECT GET_LOCK('" + gate + "', 0)")).isEqualTo("1");
			BinlogContexts.runner(this.server, schema)
				.withPropertyValues("binlog.snapshot.chunk-size=100")
				.withBean(Recorder.class, () -> recorder)
				.withBean(Snapshots.class, () -> snapshots)
				.run((context) -> {
					BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
					BinlogContexts.awaitCaughtUp(container);
					container.snapshots().snapshot(schema, "t", "GET_LOCK('" + gate + "', 60) = 1");
					// the chunk's consistent snapshot (its watermark) is taken; its SELECT waits for the lock
					await().atMost(TIMEOUT).until(() -> waitingForLock(gate));
					this.server.execute("UPDATE " + schema + ".t SET v = 'new' WHERE id = 5");
					await().atMost(TIMEOUT).until(() -> update(recorder, schema) != null);
					assertThat(snapshots.started).as("nothing of the snapshot published yet").isEmpty();
					scalar(holder, "SELECT RELEASE_LOCK('" + gate + "')");
					await().atMost(TIMEOUT).until(() -> snapshots.completed.containsKey("t"));

					TableChangeEvent update = update(recorder, schema);
					TableChangeEvent chunk = recorder.changes(schema).stream()
						.filter((event) -> event.getAction() == Action.SNAPSHOT)
						.findFirst()
						.orElseThrow();
					assertThat(isAfter(update.getPosition(), chunk.getPosition()))
						.as("the update lies after the chunk's watermark %s: %s", chunk.getPosition(),
								update.getPosition())
						.isTrue();
					assertThat(recorder.changes(schema).indexOf(chunk))
						.as("the chunk is published after the stream delivered the update")
						.isGreaterThan(recorder.changes(schema).indexOf(update));
					assertThat(chunk.getChanges()).map((change) -> change.row().get("id"))
						.containsExactly(1, 2, 3, 4, 6, 7, 8, 9, 10);
					assertThat(snapshots.completed).containsEntry("t", 9L);
					assertThat(replica(recorder, schema)).containsEntry(5, "new")
						.isEqualTo(Map.of(1, "old", 2, "old", 3, "old", 4, "old", 5, "new", 6, "old", 7, "old",
								8, "old", 9, "old", 10, "old"));
				});
		}
	}

	private boolean waitingForLock(String gate) throws Exception {
		try (Connection connection = this.server.connect()) {
			return !"0".equals(scalar(connection, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE "
					+ "STATE = 'User lock' AND INFO LIKE '%" + gate + "%'"));
		}
	}

	private static TableChangeEvent update(Recorder recorder, String schema) {
		return recorder.changes(schema).stream()
			.filter((event) -> event.getTable().equals("t") && event.getAction() == Action.UPDATE)
			.findFirst()
			.orElse(null);
	}

	// the copy a listener builds by applying every delivered row in order: the last one of each key wins
	private static Map<Object, Object> replica(Recorder recorder, String schema) {
		Map<Object, Object> replica = new LinkedHashMap<>();
		for (TableChangeEvent event : recorder.changes(schema)) {
			if (!event.getTable().equals("t")) {
				continue;
			}
			for (RowChange change : event.getChanges()) {
				Row row = change.row();
				if (change.action() == Action.DELETE) {
					replica.remove(row.get("id"));
				}
				else {
					replica.put(row.get("id"), row.get("v"));
				}
			}
		}
		return replica;
	}

	private static boolean isAfter(BinlogPosition position, BinlogPosition other) {
		int file = position.file().compareTo(other.file());
		return (file != 0) ? file > 0 : position.position() > other.position();
	}

	private static String scalar(Connection connection, String sql) throws Exception {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
