package dev.binlog.spring.integration;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableDeleteEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MariaDB's compressed binlog ({@code log_bin_compress=ON}): statements and row events arrive as
 * QUERY_COMPRESSED and *_ROWS_COMPRESSED events, and are delivered as if they were not compressed, with values equal
 * to what JDBC reads, the DDL between them followed, and a restart resuming from the saved position. On a server of
 * its own, as the shared ones do not compress.
 */
class CompressedBinlogIntegrationTests {

	private static final String COLUMNS = """
			id INT PRIMARY KEY, big BIGINT UNSIGNED, amount DECIMAL(12,3), ratio DOUBLE,
			name VARCHAR(100) CHARACTER SET utf8mb4, body MEDIUMTEXT CHARACTER SET utf8mb4, data BLOB,
			created DATETIME(6), ts TIMESTAMP(3) NULL DEFAULT NULL, state ENUM('new','paid','sent'), doc JSON""";

	private static EmbeddedMariaDb server;

	@BeforeAll
	static void startServer() {
		// 10 bytes is the smallest threshold the server accepts: every statement and row event longer is compressed
		server = EmbeddedMariaDb.builder()
			.serverId(11)
			.serverArgument("--log-bin-compress=ON")
			.serverArgument("--log-bin-compress-min-len=10")
			.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void compressedEventsAreDeliveredAsWhatJdbcReadsAndResumeAfterARestart() throws Exception {
		String schema = TestServers.uniqueSchema("compressed");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".orders (" + COLUMNS + ")");
		Map<Integer, Map<String, Object>> inserted = new LinkedHashMap<>();
		Map<Integer, Map<String, Object>> updated = new LinkedHashMap<>();
		Map<Integer, Map<String, Object>> afterDdl = new LinkedHashMap<>();
		Recorder first = new Recorder();
		BinlogContexts.runner(server, schema).withBean(Recorder.class, () -> first).run((context) -> {
			server.execute("SET time_zone = '+00:00'", "INSERT INTO " + schema + ".orders VALUES "
					+ "(1, 18446744073709551615, -123456789.125, 2.5, 'Zoë 😀', REPEAT('long text ✓ ', 3000), "
					+ "REPEAT(x'00ff', 5000), '2024-02-29 12:34:56.123456', '2038-01-19 03:14:07.999', 'new', "
					+ "'{\"k\": [1, 2.5, \"x\"]}'), "
					+ "(2, 0, 0.001, -1E300, '', '', x'', '1000-01-01 00:00:00', '1970-01-01 00:00:01', 'paid', '[]'), "
					+ "(3, NULL, NULL, NULL, 'deleted soon, long enough to be compressed', NULL, NULL, NULL, NULL, "
					+ "NULL, NULL)");
			inserted.putAll(readWithJdbc(schema));
			server.execute("UPDATE " + schema + ".orders SET body = CONCAT(body, REPEAT('more ', 2000)), "
					+ "state = 'sent', amount = amount + 1 WHERE id IN (1, 2)", "DELETE FROM " + schema + ".orders WHERE id = 3");
			updated.putAll(readWithJdbc(schema));
			server.execute("ALTER TABLE " + schema + ".orders ADD COLUMN note VARCHAR(200) DEFAULT 'added later'",
					"INSERT INTO " + schema + ".orders (id, name, body) VALUES (4, 'after the DDL', REPEAT('é', 4000))");
			afterDdl.putAll(readWithJdbc(schema));
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			await().atMost(TIMEOUT)
				.until(() -> ids(first.changes(schema)).contains(4)
						|| container.getStatus().state() == ContainerState.FAILED);
			assertThat(container.getStatus().state()).as("%s", container.getStatus().lastError())
				.isEqualTo(ContainerState.STREAMING);
		});
		// long rows fill several rows events of one statement
		assertThat(changes(first.changes(schema))).containsExactly("WRITE 1", "WRITE 2", "WRITE 3", "UPDATE 1",
				"UPDATE 2", "DELETE 3", "WRITE 4");
		Map<Integer, Map<String, Object>> written = new LinkedHashMap<>(inserted);
		written.put(4, afterDdl.get(4));
		assertDelivered(first.changes(schema), written, inserted, updated);

		// written while the application is down, read after the restart from the saved position
		server.execute("INSERT INTO " + schema + ".orders (id, name, body, doc) VALUES (5, 'while down', "
				+ "REPEAT('abc', 9000), JSON_OBJECT('deep', JSON_ARRAY(1, 2, 3)))",
				"UPDATE " + schema + ".orders SET note = REPEAT('n', 200) WHERE id = 4");
		Map<Integer, Map<String, Object>> afterRestart = readWithJdbc(schema);
		Recorder second = new Recorder();
		BinlogContexts.runner(server, schema).withBean(Recorder.class, () -> second).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			await().atMost(TIMEOUT).until(() -> changes(second.changes(schema)).size() == 2);
			BinlogContexts.awaitCaughtUp(container);
			// a lost connection: the new one starts from the committed position, amid compressed events
			assertThat(server.killBinlogConnections()).isPositive();
			server.execute("DELETE FROM " + schema + ".orders WHERE id = 5");
			await().atMost(TIMEOUT).until(() -> changes(second.changes(schema)).size() == 3);
			assertThat(container.getStatus().reconnects()).isPositive();
		});
		assertThat(changes(second.changes(schema))).containsExactly("WRITE 5", "UPDATE 4", "DELETE 5");
		assertDelivered(second.changes(schema), afterRestart, afterDdl, afterRestart);

		assertThat(eventTypes()).contains("Query_compressed", "Write_rows_compressed_v1",
				"Update_rows_compressed_v1", "Delete_rows_compressed_v1");
	}

	private static void assertDelivered(List<TableChangeEvent> changes, Map<Integer, Map<String, Object>> written,
			Map<Integer, Map<String, Object>> before, Map<Integer, Map<String, Object>> after) {
		for (TableChangeEvent event : changes) {
			if (event instanceof TableWriteEvent write) {
				write.getRows().forEach((row) -> assertRow(row, written));
			}
			else if (event instanceof TableUpdateEvent update) {
				for (RowChange change : update.getRows()) {
					assertRow(change.before(), before);
					assertRow(change.after(), after);
				}
			}
			else if (event instanceof TableDeleteEvent delete) {
				delete.getRows().forEach((row) -> assertRow(row, before.containsKey(id(row)) ? before : after));
			}
		}
	}

	private static void assertRow(Row row, Map<Integer, Map<String, Object>> expectedById) {
		Map<String, Object> expected = expectedById.get(id(row));
		assertThat(row.columnNames()).containsExactlyElementsOf(expected.keySet());
		for (Map.Entry<String, Object> column : expected.entrySet()) {
			assertThat(row.get(column.getKey())).as("column %s of row %s", column.getKey(), id(row))
				.isEqualTo(column.getValue());
		}
	}

	private static int id(Row row) {
		return (Integer) row.get("id");
	}

	private static List<Integer> ids(List<TableChangeEvent> changes) {
		return changes.stream().flatMap((event) -> event.getChanges().stream()).map((change) -> id(change.row())).toList();
	}

	private static List<String> changes(List<TableChangeEvent> events) {
		return events.stream()
			.flatMap((event) -> event.getChanges().stream())
			.map((change) -> change.action() + " " + id(change.row()))
			.toList();
	}

	// the rows as JDBC reads them now, after the README's type mapping
	private static Map<Integer, Map<String, Object>> readWithJdbc(String schema) throws Exception {
		Map<Integer, Map<String, Object>> rows = new LinkedHashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT *, UNIX_TIMESTAMP(ts) AS epoch FROM " + schema
						+ ".orders ORDER BY id")) {
			ResultSetMetaData meta = rs.getMetaData();
			while (rs.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i < meta.getColumnCount(); i++) {
					String column = meta.getColumnLabel(i);
					row.put(column, (rs.getObject(i) != null || column.equals("ts")) ? jdbcValue(rs, column) : null);
				}
				rows.put(rs.getInt("id"), row);
			}
		}
		return rows;
	}

	private static Object jdbcValue(ResultSet rs, String column) throws Exception {
		return switch (column) {
			case "id" -> rs.getInt(column);
			case "big" -> new BigInteger(rs.getString(column));
			case "amount" -> rs.getBigDecimal(column);
			case "ratio" -> rs.getDouble(column);
			case "data" -> rs.getBytes(column);
			case "created" -> rs.getObject(column, LocalDateTime.class);
			case "ts" -> instant(rs.getBigDecimal("epoch"));
			default -> rs.getString(column);
		};
	}

	private static Instant instant(BigDecimal epoch) {
		if (epoch == null) {
			return null;
		}
		BigDecimal seconds = epoch.setScale(0, RoundingMode.FLOOR);
		return Instant.ofEpochSecond(seconds.longValueExact(), epoch.subtract(seconds).movePointRight(9).longValueExact());
	}

	private static List<String> eventTypes() throws Exception {
		List<String> types = new ArrayList<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
			List<String> files = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery("SHOW BINARY LOGS")) {
				while (rs.next()) {
					files.add(rs.getString(1));
				}
			}
			for (String file : files) {
				try (ResultSet rs = statement.executeQuery("SHOW BINLOG EVENTS IN '" + file + "'")) {
					while (rs.next()) {
						types.add(rs.getString("Event_type"));
					}
				}
			}
		}
		return types;
	}

}
