package dev.binlog.spring.integration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.binlog.spring.Row;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.event.EventListener;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Server settings": with {@code binlog_row_metadata=MINIMAL} an ALTER that keeps the column count and
 * types (renamed or moved columns, signedness, ENUM order, character set) is invisible in the TABLE_MAP. Rows are
 * decoded with the layout the table had when they were written where the stream read the change itself, even if
 * it lags and another table was altered meanwhile; where it cannot know (the application was down across the
 * change), the stream stops with a message naming the table, the position, the statement and what to do.
 */
class AlteredTableIntegrationTests {

	private static final String TABLE = """
			CREATE TABLE %s.t (id INT PRIMARY KEY, a INT, b INT, u INT UNSIGNED, e ENUM('x','y'),
			c VARCHAR(10) CHARACTER SET latin1)""";

	private static final String ROW = "INSERT INTO %s.t VALUES (%d, 10, 20, 4000000000, 'x', 'é')";

	// as written, before any ALTER
	private static final Map<String, Object> WRITTEN = map("a", 10, "b", 20, "u", 4000000000L, "e", "x", "c", "é");

	/**
	 * ALTERs that change neither the column count nor the binlog types. Each test deletes the rows before it, so
	 * that every one succeeds (4000000000 does not fit a signed INT); the events of the rows are still in the
	 * binary log.
	 */
	enum Alteration {

		RENAMED_COLUMN("RENAME COLUMN a TO a2", map("a2", 10, "b", 20, "u", 4000000000L, "e", "x", "c", "é")),

		SWAPPED_COLUMNS("MODIFY a INT AFTER b", map("b", 10, "a", 20, "u", 4000000000L, "e", "x", "c", "é")),

		UNSIGNED_TO_SIGNED("MODIFY u INT", map("a", 10, "b", 20, "u", -294967296, "e", "x", "c", "é")),

		ENUM_REORDERED("MODIFY e ENUM('y','x')", map("a", 10, "b", 20, "u", 4000000000L, "e", "y", "c", "é")),

		CHARACTER_SET_CHANGED("MODIFY c VARCHAR(10) CHARACTER SET cp1251",
				map("a", 10, "b", 20, "u", 4000000000L, "e", "x", "c", "й"));

		private final String clause;

		// how the row written before the ALTER reads with the layout after it: what a wrong decoder shows
		private final Map<String, Object> misread;

		Alteration(String clause, Map<String, Object> misread) {
			this.clause = clause;
			this.misread = misread;
		}

	}

	@ParameterizedTest
	@EnumSource(Alteration.class)
	void laggingStreamDecodesEachRowWithTheLayoutAtItsEventAfterAnAlterOfAnotherTable(Alteration alteration) {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);
		String schema = createTables("lagging");
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.withBean(Gate.class)
			.run((context) -> {
				Gate gate = context.getBean(Gate.class);
				server.execute(ROW.formatted(schema, 1));
				// the stream has read the table's layout and is now held in the listener: it lags
				await().atMost(TIMEOUT).until(() -> gate.rows.size() == 1);
				server.execute(ROW.formatted(schema, 2), "ALTER TABLE " + schema + ".other ADD COLUMN w INT",
						ROW.formatted(schema, 3), "DELETE FROM " + schema + ".t",
						"ALTER TABLE " + schema + ".t " + alteration.clause,
						"INSERT INTO " + schema + ".t (id) VALUES (4)");
				gate.open.countDown();
				await().atMost(TIMEOUT).until(() -> gate.rows.size() == 4);
				assertThat(context.getBean(BinlogListenerContainer.class).getStatus().state())
					.isEqualTo(ContainerState.STREAMING);
				for (int i = 0; i < 3; i++) {
					assertThat(withoutId(gate.rows.get(i))).as("row %d, written before the ALTER", i + 1)
						.isEqualTo(WRITTEN);
				}
				// the row after the ALTER is decoded with the new layout
				assertThat(gate.rows.get(3).toMap().keySet()).containsExactlyElementsOf(
						columnsAfter(alteration));
			});
	}

	@ParameterizedTest
	@EnumSource(Alteration.class)
	void applicationDownAcrossTheAlterStopsWithTheStatementAndWhatToDo(Alteration alteration) throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);
		String schema = createTables("down");
		String position = TestServers.binlogPosition(server);
		server.execute(ROW.formatted(schema, 1), "DELETE FROM " + schema + ".t",
				"ALTER TABLE " + schema + ".t " + alteration.clause);
		String alterEnd = TestServers.binlogPosition(server);
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.start-position=" + position, "binlog.include=" + schema + "\\..*")
			.withBean(Recorder.class)
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED
						|| !recorder.changes(schema).isEmpty());
				assertThat(recorder.changes(schema)).as("rows decoded with the layout after the ALTER")
					.noneMatch((change) -> change instanceof TableWriteEvent write
							&& withoutId(write.getRows().get(0)).equals(alteration.misread));
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.FAILED);
				assertThat(recorder.changes(schema)).isEmpty();
				assertThat(container.getStatus().lastError()).contains("Cannot name the columns of " + schema + ".t at ")
					.contains(alteration.clause)
					.contains("binlog_row_metadata=FULL")
					.contains("binlog.start-position=" + alterEnd)
					.contains("binlog.exclude");
			});
	}

	@Test
	void restartAcrossAnAlterStopsInsteadOfRenamingOldRows() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);
		String schema = createTables("restart");
		BinlogContexts.runner(server, schema).withBean(Recorder.class).run((context) -> {
			server.execute(ROW.formatted(schema, 1));
			await().atMost(TIMEOUT).until(() -> context.getBean(Recorder.class).changes(schema).size() == 1);
			BinlogContexts.awaitCaughtUp(context.getBean(BinlogListenerContainer.class));
		});
		// the application is down: a row, then the swap of two INT columns
		server.execute(ROW.formatted(schema, 2), "ALTER TABLE " + schema + ".t MODIFY a INT AFTER b");
		BinlogContexts.runner(server, schema).withBean(Recorder.class).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			Recorder recorder = context.getBean(Recorder.class);
			await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED
					|| !recorder.changes(schema).isEmpty());
			assertThat(recorder.changes(schema)).isEmpty();
			assertThat(container.getStatus().state()).isEqualTo(ContainerState.FAILED);
			assertThat(container.getStatus().lastError()).contains("Cannot name the columns of " + schema + ".t")
				.contains("MODIFY a INT AFTER b")
				.contains("the application was down across it");
		});
	}

	private static String createTables(String prefix) {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);
		String schema = TestServers.uniqueSchema(prefix);
		server.execute("CREATE DATABASE " + schema, TABLE.formatted(schema),
				"CREATE TABLE " + schema + ".other (id INT PRIMARY KEY, v INT)");
		return schema;
	}

	private static List<String> columnsAfter(Alteration alteration) {
		return List.copyOf(withId(alteration.misread).keySet());
	}

	private static Map<String, Object> withId(Map<String, Object> columns) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("id", 0);
		row.putAll(columns);
		return row;
	}

	private static Map<String, Object> withoutId(Row row) {
		Map<String, Object> columns = new LinkedHashMap<>(row.toMap());
		columns.remove("id");
		return columns;
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	/**
	 * Records the rows written to the table, holding the binlog thread in the first one until opened.
	 */
	static class Gate {

		final List<Row> rows = new java.util.concurrent.CopyOnWriteArrayList<>();

		final CountDownLatch open = new CountDownLatch(1);

		@EventListener
		void on(TableWriteEvent event) throws InterruptedException {
			if (!event.getTable().equals("t")) {
				return;
			}
			this.rows.addAll(event.getRows());
			if (this.rows.size() == 1) {
				this.open.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}

	}

}
