package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * ENUM and SET labels equal what JDBC reads: labels in the column's own character set (single-byte, multi-byte,
 * two-byte), and labels with quotes, backslashes and control characters, which {@code information_schema} shows
 * escaped.
 */
class EnumSetLabelIntegrationTests {

	private static final String COLUMNS = """
			id INT PRIMARY KEY,
			lat ENUM('é', 'Grüße', '€', 'plain') CHARACTER SET latin1,
			sj ENUM('日本', 'ｱ', 'x') CHARACTER SET sjis,
			gb ENUM('中文', 'é', 'x') CHARACTER SET gbk,
			cy ENUM('Привет', 'x') CHARACTER SET cp1251,
			u2 ENUM('Ω', 'ü', 'x') CHARACTER SET ucs2,
			esc ENUM('it''s', 'back\\\\slash', 'new\\nline', 'cr\\rret', 'ctrl\\Zz', 'tab\\tx', '%_', '"q"')
				CHARACTER SET utf8mb4,
			slat SET('é', 'ß', 'a') CHARACTER SET latin1,
			scy SET('Ж', 'Я') CHARACTER SET cp1251""";

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void labelsInTheColumnsCharacterSetAndEscapedLabelsEqualWhatJdbcReads(RowMetadata metadata) throws Exception {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String schema = TestServers.uniqueSchema("labels");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (" + COLUMNS + ")");
		List<String> inserts = new ArrayList<>();
		for (int i = 1; i <= 8; i++) {
			// the i-th label of each ENUM (cycling), and a SET value of several labels
			inserts.add("INSERT INTO " + schema + ".t VALUES (" + i + ", " + (1 + (i - 1) % 4) + ", "
					+ (1 + (i - 1) % 3) + ", " + (1 + (i - 1) % 3) + ", " + (1 + (i - 1) % 2) + ", " + (1 + (i - 1) % 3)
					+ ", " + i + ", " + (1 + (i - 1) % 7) + ", " + (1 + (i - 1) % 3) + ")");
		}
		assertDeliveredAsJdbcReads(server, schema, inserts);
	}

	@Test
	void labelsOutsideTheBasicMultilingualPlaneArriveIntactWithFullMetadata() throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("emoji");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema
				+ ".t (id INT PRIMARY KEY, e ENUM('😀', '?', '𝄞x') CHARACTER SET utf8mb4, s SET('😀', '?'))");
		assertDeliveredAsJdbcReads(server, schema, List.of("INSERT INTO " + schema + ".t VALUES (1, 1, 3)",
				"INSERT INTO " + schema + ".t VALUES (2, 2, 1)", "INSERT INTO " + schema + ".t VALUES (3, 3, 2)"));
	}

	@Test
	void labelsOutsideTheBasicMultilingualPlaneWithMinimalMetadataStopTheStreamNamingTheColumn() throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);
		String schema = TestServers.uniqueSchema("emojimin");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema
				+ ".t (id INT PRIMARY KEY, e ENUM('😀', 'x') CHARACTER SET utf8mb4)");
		BinlogContexts.runner(server).withBean(Recorder.class)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				BinlogContexts.awaitCaughtUp(container);
				server.execute("INSERT INTO " + schema + ".t VALUES (1, 'x')");
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThat(context.getBean(Recorder.class).changes(schema)).isEmpty();
				assertThat(container.getStatus().lastError()).contains("column 'e' of " + schema + ".t")
					.contains("binlog_row_metadata=FULL");
			});
	}

	private static void assertDeliveredAsJdbcReads(EmbeddedMariaDb server, String schema, List<String> inserts) {
		BinlogContexts.runner(server).withBean(Recorder.class)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				BinlogContexts.awaitCaughtUp(container);
				server.execute(inserts.toArray(String[]::new));
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == inserts.size());
				Map<Integer, Map<String, Object>> expected = readWithJdbc(server, schema);
				List<Row> rows = recorder.changes(schema)
					.stream()
					.flatMap((event) -> ((TableWriteEvent) event).getRows().stream())
					.toList();
				assertThat(rows).hasSize(expected.size());
				for (Row row : rows) {
					Map<String, Object> jdbc = expected.get((Integer) row.get("id"));
					for (Map.Entry<String, Object> column : jdbc.entrySet()) {
						assertThat(row.get(column.getKey())).as("column %s of row %s", column.getKey(), row.get("id"))
							.isEqualTo(column.getValue());
					}
				}
			});
	}

	private static Map<Integer, Map<String, Object>> readWithJdbc(EmbeddedMariaDb server, String schema)
			throws Exception {
		Map<Integer, Map<String, Object>> rows = new LinkedHashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT * FROM " + schema + ".t")) {
			while (rs.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
					row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
				}
				rows.put(rs.getInt(1), row);
			}
		}
		return rows;
	}

}
