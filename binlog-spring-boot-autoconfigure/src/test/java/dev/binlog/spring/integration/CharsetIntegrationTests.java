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
 * Every character set the server has, against the server's own conversion: every byte of each single-byte set, every
 * one- and two-byte code of the East Asian multi-byte sets (and the three-byte codes of the EUC-JP ones), and a
 * sample of code points across all planes for the Unicode sets, written to a column of that set, decoded from the
 * binlog, and compared with what JDBC reads for the same row.
 */
class CharsetIntegrationTests {

	// multi-byte sets with codes of up to two bytes, and those with three-byte codes after EUC's SS3 (0x8F)
	private static final Set<String> EAST_ASIAN = Set.of("big5", "cp932", "eucjpms", "euckr", "gb2312", "gbk", "sjis",
			"ujis");

	private static final Set<String> EUC_JP = Set.of("eucjpms", "ujis");

	// 0x8F0000, the first three-byte code
	private static final int SS3_CODES = 0x8F0000;

	@Test
	void everyCodeOfEverySingleAndDoubleByteSetAndUnicodeSamplesEqualWhatJdbcReads() throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("charsets");
		Map<String, Integer> maxLengths = new HashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SHOW CHARACTER SET")) {
			while (rs.next()) {
				maxLengths.put(rs.getString("Charset"), rs.getInt("Maxlen"));
			}
		}
		maxLengths.remove("binary");
		assertThat(maxLengths).containsKeys("latin1", "armscii8", "swe7", "utf8mb4", "ucs2").containsKeys(
				EAST_ASIAN.toArray(String[]::new));
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
			if (EAST_ASIAN.contains(charset.getKey())) {
				sql.addAll(eastAsianCodes(table, schema, charset.getKey()));
				continue;
			}
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
				// the codes really are characters, most of them: not all turned into '?' on the way in
				for (String charset : EAST_ASIAN) {
					assertThat(expected.get(charset).values()).filteredOn((text) -> text.codePointCount(0,
							text.length()) == 1 && text.codePointAt(0) > 0x7F).hasSizeGreaterThan(6000);
				}
			});
	}

	// every one- and two-byte code, and the three-byte codes 0x8FA1A1 to 0x8FFEFE of EUC-JP sets, each in a row whose
	// id is the code; bytes the server does not take as a character are stored as '?' (sql_mode '')
	private static List<String> eastAsianCodes(String table, String schema, String charset) {
		List<String> sql = new ArrayList<>();
		sql.add("INSERT INTO " + table + " SELECT seq, CONVERT(UNHEX(LPAD(HEX(seq), 2, '0')) USING " + charset
				+ ") FROM " + schema + ".seq_0_to_255");
		sql.add("INSERT INTO " + table + " SELECT seq, CONVERT(UNHEX(HEX(seq)) USING " + charset + ") FROM " + schema
				+ ".seq_32768_to_65535");
		if (EUC_JP.contains(charset)) {
			sql.add("INSERT INTO " + table + " SELECT " + SS3_CODES + " + seq, CONVERT(UNHEX(HEX(" + SS3_CODES
					+ " + seq)) USING " + charset + ") FROM " + schema + ".seq_0_to_65535 WHERE seq >> 8 BETWEEN 161 "
					+ "AND 254 AND seq & 255 BETWEEN 161 AND 254");
		}
		return sql;
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
