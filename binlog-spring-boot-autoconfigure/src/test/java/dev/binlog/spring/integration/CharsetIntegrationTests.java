package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.binlog.spring.Row;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every character set the server has, against the server's own conversion: every byte of each single-byte set, and
 * a sample of code points across all planes for the Unicode sets, written to a column of that set, decoded from the
 * binlog, and compared with what JDBC reads for the same row.
 */
class CharsetIntegrationTests {

	// Java's nearest charsets differ from the server for some codes of these; not covered yet (see README)
	private static final Set<String> EAST_ASIAN_MULTI_BYTE = Set.of("big5", "cp932", "eucjpms", "euckr", "gb2312",
			"gbk", "sjis", "ujis");

	@Test
	void everyByteOfEverySingleByteSetAndUnicodeSamplesEqualWhatJdbcReads() throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("charsets");
		Map<String, Integer> maxLengths = new HashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SHOW CHARACTER SET")) {
			while (rs.next()) {
				maxLengths.put(rs.getString("Charset"), rs.getInt("Maxlen"));
			}
		}
		maxLengths.keySet().removeIf((name) -> name.equals("binary") || EAST_ASIAN_MULTI_BYTE.contains(name));
		assertThat(maxLengths).containsKeys("latin1", "armscii8", "swe7", "utf8mb4", "ucs2");
		List<String> sql = new ArrayList<>(List.of("SET sql_mode = ''", "CREATE DATABASE " + schema));
		for (Map.Entry<String, Integer> charset : maxLengths.entrySet()) {
			String table = schema + ".t_" + charset.getKey();
			sql.add("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(4) CHARACTER SET " + charset.getKey()
					+ ")");
		}
		server.execute(sql.toArray(String[]::new));
		sql.clear();
		sql.add("SET sql_mode = ''");
		for (Map.Entry<String, Integer> charset : maxLengths.entrySet()) {
			String table = schema + ".t_" + charset.getKey();
			sql.add((charset.getValue() == 1)
					? "INSERT INTO " + table + " SELECT seq, CONVERT(UNHEX(LPAD(HEX(seq), 2, '0')) USING "
							+ charset.getKey() + ") FROM " + schema + ".seq_0_to_255"
					// code points from U+0000 to U+10FFFF in steps, through UTF-32; without the surrogates, which a
					// utf32 column stores but Java decodes as themselves where JDBC reads U+FFFD (see README)
					: "INSERT INTO " + table + " SELECT seq, CONVERT(CHAR(seq USING utf32) USING " + charset.getKey()
							+ ") FROM " + schema + ".seq_0_to_1114111_step_311 WHERE seq NOT BETWEEN 55296 AND 57343");
		}
		BinlogContexts.runner(server).withBean(Recorder.class)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				BinlogContexts.awaitCaughtUp(context.getBean(BinlogListenerContainer.class));
				server.execute(sql.toArray(String[]::new));
				Map<String, Map<Integer, String>> expected = readWithJdbc(server, schema, maxLengths.keySet());
				int rows = expected.values().stream().mapToInt(Map::size).sum();
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(TIMEOUT)
					.until(() -> recorder.changes(schema).stream().mapToInt((event) -> event.getChanges().size()).sum(),
							(count) -> count == rows);
				List<String> differences = new ArrayList<>();
				for (var event : recorder.changes(schema)) {
					Map<Integer, String> jdbc = expected.get(event.getTable().substring(2));
					for (Row row : ((TableWriteEvent) event).getRows()) {
						String decoded = (String) row.get("v");
						String read = jdbc.get((Integer) row.get("id"));
						if (!Objects.equals(decoded, read)) {
							differences.add(event.getTable().substring(2) + " #" + row.get("id") + ": JDBC "
									+ codePoints(read) + ", decoded " + codePoints(decoded));
						}
					}
				}
				assertThat(differences).isEmpty();
			});
	}

	private static Map<String, Map<Integer, String>> readWithJdbc(EmbeddedMariaDb server, String schema,
			Set<String> charsets) throws Exception {
		Map<String, Map<Integer, String>> values = new HashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
			for (String charset : charsets) {
				Map<Integer, String> rows = new HashMap<>();
				try (ResultSet rs = statement.executeQuery("SELECT id, v FROM " + schema + ".t_" + charset)) {
					while (rs.next()) {
						rows.put(rs.getInt(1), rs.getString(2));
					}
				}
				values.put(charset, rows);
			}
		}
		return values;
	}

	private static String codePoints(String text) {
		if (text == null) {
			return "NULL";
		}
		StringBuilder builder = new StringBuilder();
		text.codePoints().forEach((codePoint) -> builder.append(String.format("U+%04X ", codePoint)));
		return builder.toString().trim();
	}

}
