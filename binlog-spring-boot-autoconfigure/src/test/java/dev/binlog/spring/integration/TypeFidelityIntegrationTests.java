package dev.binlog.spring.integration;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableDeleteEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every column type at its edges: each value decoded from the binlog equals what the JDBC driver reads for the same
 * row by {@code SELECT} (after the documented type mapping), for inserted, updated and deleted rows, with FULL and
 * with MINIMAL row metadata. The JVM runs in another time zone than the server, to show that neither zone shifts
 * any value.
 */
class TypeFidelityIntegrationTests {

	private static final String COLUMNS = """
			id INT PRIMARY KEY,
			ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, miu MEDIUMINT UNSIGNED,
			i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
			d65 DECIMAL(65,30), d10 DECIMAL(10,0), d5 DECIMAL(5,2), f FLOAT, dbl DOUBLE,
			b1 BIT(1), b8 BIT(8), b64 BIT(64),
			c CHAR(10) CHARACTER SET utf8mb4, vc VARCHAR(100) CHARACTER SET utf8mb4, tx TEXT CHARACTER SET utf8mb4,
			mt MEDIUMTEXT CHARACTER SET utf8mb4, cbin VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
			lat VARCHAR(50) CHARACTER SET latin1, latc CHAR(5) CHARACTER SET latin1,
			bn BINARY(4), vb VARBINARY(20), bl BLOB, lbl LONGBLOB,
			e ENUM('a','b','c'), s SET('x','y','z'),
			dt DATE, dtm DATETIME, dtm3 DATETIME(3), dtm6 DATETIME(6),
			ts TIMESTAMP NULL DEFAULT NULL, ts3 TIMESTAMP(3) NULL DEFAULT NULL, ts6 TIMESTAMP(6) NULL DEFAULT NULL,
			tm TIME, tm1 TIME(1), tm6 TIME(6), yr YEAR, js JSON, geo GEOMETRY""";

	private static final List<String> ROWS = List.of("""
			(1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
			 -99999999999999999999999999999999999.999999999999999999999999999999, -9999999999, -999.99, -0.25,
			 -2.2250738585072014E-308, b'0', b'00000001', b'0', '', '', '', '', 'Case',
			 '', '', x'', x'', x'', x'', 'a', '', '1000-01-01', '1000-01-01 00:00:00',
			 '1000-01-01 00:00:00.001', '1000-01-01 00:00:00.000001', '1970-01-01 00:00:01',
			 '1970-01-01 00:00:01.001', '1970-01-01 00:00:01.000001', '-838:59:59', '-00:00:00.5',
			 '-838:59:58.999999', 1901, '{}', ST_GeomFromText('POINT(1 2)'))""", """
			(2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807,
			 18446744073709551615, 99999999999999999999999999999999999.999999999999999999999999999999, 9999999999,
			 999.99, 3.5, 1.7976931348623157E308, b'1', b'11111111',
			 b'1111111111111111111111111111111111111111111111111111111111111111', 'abc', 'Zoë 😀 𝄞 ünïcödé',
			 REPEAT('long text ✓ ', 2000), REPEAT('x', 70000), 'CASE', 'Grüße € œ', 'ab', x'0102', x'00ff00',
			 x'cafebabe', REPEAT(x'00ff', 60000), 'c', 'x,y,z', '9999-12-31', '9999-12-31 23:59:59',
			 '9999-12-31 23:59:59.999', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07',
			 '2038-01-19 03:14:07.999', '2038-01-19 03:14:07.999999', '838:59:59', '00:00:00.1',
			 '838:59:58.999999', 2155, '{"k": [1, 2.5, "x", null, true], "n": {"deep": "é"}}',
			 ST_GeomFromText('LINESTRING(0 0, 1 1, 2 5)'))""", """
			(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""", """
			(4, 0, 1, 0, 1, 0, 1, 0, 1, 0, 9223372036854775808, 0.000000000000000000000000000001, 0, 0.01, 0, 0,
			 b'1', b'10000000', b'1000000000000000000000000000000000000000000000000000000000000000', 'a  ', ' b ', ' ',
			 'x', 'case', 'Ã©', 'a', x'00', x'00', x'00', x'00', '', 'y', '0000-00-00', '0000-00-00 00:00:00',
			 '2024-02-29 12:34:56.500', '2024-02-29 12:34:56.123456', '0000-00-00 00:00:00',
			 '2024-06-01 10:00:00.5', '2024-06-01 10:00:00.123456', '00:00:00', '-12:00:00.1', '-00:00:00.000001',
			 0, '[]', NULL)""");

	private final TimeZone jvmZone = TimeZone.getDefault();

	@BeforeEach
	void moveJvmToAnotherZone() {
		// the servers run at +00:00 (TestServers) or +05:00 (the zone test); the JVM somewhere else entirely
		TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
	}

	@AfterEach
	void restoreJvmZone() {
		TimeZone.setDefault(this.jvmZone);
	}

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void everyTypeEqualsWhatJdbcReads(RowMetadata metadata) throws Exception {
		EmbeddedMariaDb server = TestServers.get(metadata);
		assertFidelity(server, TestServers.uniqueSchema("types"));
	}

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL" })
	void serverTimeZoneShiftsNothing(RowMetadata metadata) throws Exception {
		try (EmbeddedMariaDb server = EmbeddedMariaDb.builder().rowMetadata(metadata).timeZone("+05:00").start()) {
			assertFidelity(server, "zoned");
		}
	}

	private void assertFidelity(EmbeddedMariaDb server, String schema) throws Exception {
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".types (" + COLUMNS + ")");
		BinlogContexts.runner(server).withBean(Recorder.class).withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				execute(server, ROWS.stream().map((row) -> "INSERT INTO " + schema + ".types VALUES " + row).toList());
				Map<Integer, Map<String, Object>> inserted = readWithJdbc(server, schema);
				execute(server, List.of("UPDATE " + schema + ".types SET ti = ti - 1, vc = CONCAT(vc, '!'), "
						+ "dtm6 = '2001-02-03 04:05:06.7', ts6 = '2001-02-03 04:05:06.000007', tm6 = '-01:02:03.4', "
						+ "js = JSON_OBJECT('updated', true), e = 'b', s = 'z' WHERE id IN (2, 4)"));
				Map<Integer, Map<String, Object>> updated = readWithJdbc(server, schema);
				execute(server, List.of("DELETE FROM " + schema + ".types"));
				await().atMost(TIMEOUT)
					.until(() -> recorder.changes(schema).stream().anyMatch(TableDeleteEvent.class::isInstance));

				for (var event : recorder.changes(schema)) {
					if (event instanceof TableWriteEvent write) {
						write.getRows().forEach((row) -> assertRow(row, inserted));
					}
					else if (event instanceof TableUpdateEvent update) {
						for (RowChange change : update.getRows()) {
							assertRow(change.before(), inserted);
							assertRow(change.after(), updated);
						}
					}
					else if (event instanceof TableDeleteEvent delete) {
						delete.getRows().forEach((row) -> assertRow(row, updated));
					}
				}
				assertThat(recorder.changes(schema).stream()
					.mapToInt((event) -> event.getChanges().size())
					.sum()).isEqualTo(4 + 2 + 4);
			});
	}

	private static void assertRow(Row row, Map<Integer, Map<String, Object>> expectedById) {
		Map<String, Object> expected = expectedById.get((Integer) row.get("id"));
		assertThat(row.columnNames()).containsExactlyElementsOf(expected.keySet());
		for (Map.Entry<String, Object> column : expected.entrySet()) {
			assertThat(row.get(column.getKey())).as("column %s of row %s", column.getKey(), row.get("id"))
				.isEqualTo(column.getValue());
		}
	}

	private static void execute(EmbeddedMariaDb server, List<String> statements) {
		String[] sql = new String[statements.size() + 2];
		// zero dates need a lenient SQL mode; literals are UTC wall-clock times
		sql[0] = "SET sql_mode = ''";
		sql[1] = "SET time_zone = '+00:00'";
		for (int i = 0; i < statements.size(); i++) {
			sql[i + 2] = statements.get(i);
		}
		server.execute(sql);
	}

	/**
	 * Reads every row through JDBC and applies the README's type mapping.
	 */
	private static Map<Integer, Map<String, Object>> readWithJdbc(EmbeddedMariaDb server, String schema)
			throws Exception {
		Map<String, String> types = new LinkedHashMap<>();
		Map<Integer, Map<String, Object>> rows = new LinkedHashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
			try (ResultSet rs = statement.executeQuery("SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS "
					+ "WHERE TABLE_SCHEMA = '" + schema + "' AND TABLE_NAME = 'types' ORDER BY ORDINAL_POSITION")) {
				while (rs.next()) {
					types.put(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT));
				}
			}
			StringBuilder select = new StringBuilder("SELECT *");
			for (String column : types.keySet()) {
				if (types.get(column).startsWith("timestamp")) {
					// an instant regardless of any zone: seconds since the epoch with the fraction
					select.append(", UNIX_TIMESTAMP(").append(column).append(") AS epoch_").append(column);
				}
			}
			try (ResultSet rs = statement.executeQuery(select + " FROM " + schema + ".types ORDER BY id")) {
				ResultSetMetaData meta = rs.getMetaData();
				while (rs.next()) {
					Map<String, Object> row = new LinkedHashMap<>();
					for (int i = 1; i <= types.size(); i++) {
						String column = meta.getColumnLabel(i);
						row.put(column, jdbcValue(rs, column, types.get(column)));
					}
					rows.put(rs.getInt("id"), row);
				}
			}
		}
		return rows;
	}

	private static Object jdbcValue(ResultSet rs, String column, String type) throws Exception {
		// getString: the driver maps YEAR to java.sql.Date in getObject, which fails for the year 0000
		if (rs.getString(column) == null && !type.startsWith("timestamp")) {
			return null;
		}
		boolean unsigned = type.contains("unsigned");
		String base = type.replaceAll("[( ].*", "");
		return switch (base) {
			case "tinyint", "smallint", "mediumint" -> rs.getInt(column);
			case "int" -> unsigned ? (Object) rs.getLong(column) : (Object) rs.getInt(column);
			case "bigint" -> unsigned ? new BigInteger(rs.getString(column)) : (Object) rs.getLong(column);
			case "decimal" -> rs.getBigDecimal(column);
			case "float" -> rs.getFloat(column);
			case "double" -> rs.getDouble(column);
			case "bit" -> type.equals("bit(1)") ? (Object) rs.getBoolean(column) : (Object) new BigInteger(1,
					rs.getBytes(column)).longValue();
			case "char", "varchar", "text", "mediumtext", "enum", "set", "longtext" -> rs.getString(column);
			case "binary", "varbinary", "blob", "longblob", "geometry" -> rs.getBytes(column);
			case "date" -> rs.getObject(column, LocalDate.class);
			case "datetime" -> rs.getObject(column, LocalDateTime.class);
			case "timestamp" -> instant(rs.getBigDecimal("epoch_" + column));
			case "time" -> duration(rs.getString(column));
			case "year" -> rs.getInt(column);
			default -> throw new IllegalStateException("No JDBC mapping for " + type);
		};
	}

	private static Instant instant(BigDecimal epoch) {
		// UNIX_TIMESTAMP of a zero timestamp is 0, of NULL is NULL: both are null rows in the mapping
		if (epoch == null || epoch.signum() == 0) {
			return null;
		}
		BigDecimal seconds = epoch.setScale(0, java.math.RoundingMode.FLOOR);
		return Instant.ofEpochSecond(seconds.longValueExact(),
				epoch.subtract(seconds).movePointRight(9).longValueExact());
	}

	private static Duration duration(String time) {
		boolean negative = time.startsWith("-");
		String[] parts = time.replace("-", "").split(":");
		String[] seconds = parts[2].split("\\.");
		long nanos = (seconds.length > 1) ? Long.parseLong((seconds[1] + "000000000").substring(0, 9)) : 0;
		Duration duration = Duration.ofHours(Long.parseLong(parts[0]))
			.plusMinutes(Long.parseLong(parts[1]))
			.plusSeconds(Long.parseLong(seconds[0]))
			.plusNanos(nanos);
		return negative ? duration.negated() : duration;
	}

}
