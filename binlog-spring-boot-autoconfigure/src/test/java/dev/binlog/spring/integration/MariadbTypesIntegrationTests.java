package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.binlog.spring.Row;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MariaDB's own types and the column types whose JDBC reading needs a word: each decoded value equals what
 * Connector/J reads for the same row, compared as the README's "Java types" chapter says.
 */
class MariadbTypesIntegrationTests {

	private static final String TABLE = """
			CREATE TABLE %s.t (id INT PRIMARY KEY, u UUID, i4 INET4, i6 INET6, bn BINARY(16), y2 YEAR(2),
			f74 FLOAT(7,4), d103 DOUBLE(10,3))""";

	// time-based (v1, also the server's own UUID()), random (v4), nil and all-ones UUIDs; IPv6 in every text shape
	private static final List<String> ROWS = List.of(
			"(1, '6ccd780c-baba-1026-9564-5b8c656024db', '10.0.0.0', '::ffff:1.2.3.4', x'01', 70, 1.23456, 2.0005)",
			"(2, UUID(), '255.255.255.0', '::1.2.3.4', x'0100', 69, -1.00005, -0.0004)",
			"(3, 'e0e1e2e3-e4e5-46e7-a8e9-eaebecedee00', '0.0.0.0', '::', x'', 0, 0, 0)",
			"(4, '00000000-0000-0000-0000-000000000000', '1.2.3.4', '::1', x'00ff', 99, 123.45675, 1234567.8915)",
			"(5, 'ffffffff-ffff-ffff-ffff-ffffffffffff', '127.0.0.1', '2001:db8:0:0:1:0:0:1', NULL, 1, 3.5, 1)",
			"(6, 'a0eebc99-9c0b-11d1-b245-5ffdce74fad2', '192.168.1.255', '1:0:2:0:3:0:4:0', NULL, 2, 1, 1)",
			"(7, UUID(), '8.8.8.8', 'fe80::1:2:3:4', NULL, 50, 1, 1)",
			"(8, '12345678-1234-5678-1234-567812345678', '9.9.9.9', '1::', NULL, 49, 1, 1)",
			"(9, '12345678-1234-1678-8234-567812345678', '1.1.1.1', '::ffff:0.0.0.0', NULL, 1, 1, 1)",
			"(10, NULL, NULL, '2001:db8::ff00:42:8329', NULL, NULL, NULL, NULL)");

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void uuidInetYear2AndRoundedFloatsEqualWhatJdbcReads(RowMetadata metadata) throws Exception {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String schema = TestServers.uniqueSchema("mariadb_types");
		server.execute("CREATE DATABASE " + schema, TABLE.formatted(schema));
		Map<Integer, Row> rows = new HashMap<>();
		BinlogContexts.runner(server).withBean(Recorder.class).withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				server.execute(ROWS.stream().map((row) -> "INSERT INTO " + schema + ".t VALUES " + row)
					.toArray(String[]::new));
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == ROWS.size());
				recorder.changes(schema)
					.forEach((event) -> ((TableWriteEvent) event).getRows()
						.forEach((row) -> rows.put((Integer) row.get("id"), row)));
			});
		Map<Integer, Map<String, Object>> jdbc = readWithJdbc(server, schema);
		assertThat(rows.keySet()).isEqualTo(jdbc.keySet());
		jdbc.forEach((id, expected) -> expected.forEach((column, value) -> assertThat(rows.get(id).get(column))
			.as("column %s of row %s", column, id)
			.isEqualTo(value)));
		assertThat(rows.get(1).get("u")).isEqualTo(UUID.fromString("6ccd780c-baba-1026-9564-5b8c656024db"));
		assertThat(rows.get(2).get("i6")).isEqualTo("::1.2.3.4");
		assertThat(rows.get(1).get("y2")).isEqualTo(1970);
		assertThat(rows.get(1).get("f74")).isEqualTo(1.2346f);
	}

	private static Map<Integer, Map<String, Object>> readWithJdbc(EmbeddedMariaDb server, String schema)
			throws Exception {
		Map<Integer, Map<String, Object>> rows = new HashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT * FROM " + schema + ".t")) {
			while (rs.next()) {
				Map<String, Object> row = new HashMap<>();
				row.put("u", rs.getObject("u"));
				row.put("i4", rs.getObject("i4"));
				row.put("i6", rs.getObject("i6"));
				row.put("bn", rs.getBytes("bn"));
				// getObject reads YEAR(2) as a java.sql.Date of that year; getString and getInt read the two digits
				Date year = (Date) rs.getObject("y2");
				row.put("y2", (year != null) ? year.toLocalDate().getYear() : null);
				// the server rounds FLOAT(M,D) and DOUBLE(M,D) to D decimals when it stores them, so the binary
				// value in the binlog and JDBC's text are the same number
				row.put("f74", rs.getObject("f74"));
				row.put("d103", rs.getObject("d103"));
				rows.put(rs.getInt("id"), row);
			}
		}
		return rows;
	}

}
