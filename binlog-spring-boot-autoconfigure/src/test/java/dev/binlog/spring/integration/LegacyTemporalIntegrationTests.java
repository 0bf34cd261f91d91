package dev.binlog.spring.integration;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * MariaDB's pre-10.1 temporal storage ({@code mysql56_temporal_format=OFF}): {@code TIME(n)}, {@code DATETIME(n)}
 * and {@code TIMESTAMP(n)} of every precision decode to what JDBC reads, including negative times, fractions and
 * the limits of each type.
 */
class LegacyTemporalIntegrationTests {

	private static final String[] TIMES = { "'-838:59:59'", "'838:59:59'", "'-00:00:00.5'", "'12:34:56.789123'",
			"'-12:34:56.789123'", "'00:00:00'", "NULL" };

	private static final String[] DATETIMES = { "'1000-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'",
			"'2024-02-29 12:34:56.123456'", "'2024-06-01 10:00:00.5'", "'0000-00-00 00:00:00'",
			"'2001-02-03 04:05:06.000001'", "NULL" };

	private static final String[] TIMESTAMPS = { "'1970-01-01 00:00:01'", "'2038-01-19 03:14:07.999999'",
			"'2024-06-01 10:00:00.5'", "'2024-02-29 12:34:56.123456'", "'0000-00-00 00:00:00'",
			"'2001-02-03 04:05:06.000001'", "NULL" };

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void oldTemporalFormatsEqualWhatJdbcReads(RowMetadata metadata) throws Exception {
		try (EmbeddedMariaDb server = EmbeddedMariaDb.builder().rowMetadata(metadata).timeZone("+00:00")
			.serverArgument("--mysql56-temporal-format=OFF").start()) {
			List<String> columns = new ArrayList<>();
			for (int fsp = 0; fsp <= 6; fsp++) {
				columns.add("t" + fsp + " TIME(" + fsp + ")");
				columns.add("d" + fsp + " DATETIME(" + fsp + ")");
				columns.add("s" + fsp + " TIMESTAMP(" + fsp + ") NULL DEFAULT NULL");
			}
			server.execute("CREATE DATABASE legacy",
					"CREATE TABLE legacy.t (id INT PRIMARY KEY, " + String.join(", ", columns) + ", z INT)");
			assertThat(TestServers.queryForString(server, "SELECT COLUMN_TYPE FROM information_schema.COLUMNS "
					+ "WHERE TABLE_NAME = 't' AND COLUMN_NAME = 't3'")).isEqualTo("time(3) /* mariadb-5.3 */");
			BinlogContexts.runner(server).withBean(Recorder.class).withPropertyValues("binlog.include=legacy\\..*")
				.run((context) -> {
					Recorder recorder = context.getBean(Recorder.class);
					List<String> sql = new ArrayList<>(List.of("SET sql_mode = ''", "SET time_zone = '+00:00'"));
					for (int row = 0; row < TIMES.length; row++) {
						List<String> values = new ArrayList<>();
						for (int fsp = 0; fsp <= 6; fsp++) {
							values.addAll(List.of(TIMES[row], DATETIMES[row], TIMESTAMPS[row]));
						}
						sql.add("INSERT INTO legacy.t VALUES (" + row + ", " + String.join(", ", values) + ", 7)");
					}
					server.execute(sql.toArray(String[]::new));
					await().atMost(TIMEOUT).until(() -> recorder.changes("legacy").size() >= TIMES.length);
					Map<Integer, Map<String, Object>> expected = readWithJdbc(server);
					for (var event : recorder.changes("legacy")) {
						Row row = ((TableWriteEvent) event).getRows().get(0);
						Map<String, Object> jdbc = expected.get((Integer) row.get("id"));
						assertThat(row.columnNames()).containsExactlyElementsOf(jdbc.keySet());
						for (Map.Entry<String, Object> column : jdbc.entrySet()) {
							assertThat(row.get(column.getKey())).as("column %s of row %s", column.getKey(), row.get("id"))
								.isEqualTo(column.getValue());
						}
					}
				});
		}
	}

	private static Map<Integer, Map<String, Object>> readWithJdbc(EmbeddedMariaDb server) throws Exception {
		StringBuilder select = new StringBuilder("SELECT id");
		for (int fsp = 0; fsp <= 6; fsp++) {
			select.append(", t").append(fsp).append(", d").append(fsp).append(", UNIX_TIMESTAMP(s").append(fsp)
				.append(") AS s").append(fsp);
		}
		Map<Integer, Map<String, Object>> rows = new LinkedHashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(select + ", z FROM legacy.t ORDER BY id")) {
			while (rs.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("id", rs.getInt("id"));
				for (int fsp = 0; fsp <= 6; fsp++) {
					row.put("t" + fsp, duration(rs.getString("t" + fsp)));
					row.put("d" + fsp, rs.getObject("d" + fsp, LocalDateTime.class));
					row.put("s" + fsp, instant(rs.getBigDecimal("s" + fsp)));
				}
				row.put("z", rs.getInt("z"));
				rows.put(rs.getInt("id"), row);
			}
		}
		return rows;
	}

	private static Instant instant(BigDecimal epoch) {
		if (epoch == null || epoch.signum() == 0) {
			return null;
		}
		BigDecimal seconds = epoch.setScale(0, RoundingMode.FLOOR);
		return Instant.ofEpochSecond(seconds.longValueExact(), epoch.subtract(seconds).movePointRight(9).longValueExact());
	}

	private static Duration duration(String time) {
		if (time == null) {
			return null;
		}
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
