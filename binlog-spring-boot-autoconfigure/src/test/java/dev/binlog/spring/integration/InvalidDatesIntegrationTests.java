package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.binlog.spring.Row;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dates the calendar does not have, as MariaDB stores them under {@code sql_mode=ALLOW_INVALID_DATES} (a day beyond
 * the month's end) and without {@code NO_ZERO_IN_DATE} (a zero month or day in a non-zero date), under each
 * {@code binlog.decoding.invalid-dates} policy. {@code TIMESTAMP} never holds one: the server stores the zero
 * timestamp instead, which {@code binlog.decoding.zero-dates} governs.
 */
class InvalidDatesIntegrationTests {

	private static final String TABLE = "CREATE TABLE %s.t (id INT PRIMARY KEY, d DATE, dt DATETIME(3))";

	private static final List<String> ROWS = List.of("(1, '2024-02-30', '2024-02-30 10:11:12.5')",
			"(2, '2024-00-15', '2024-00-15 23:59:59')", "(3, '2024-03-00', '2024-03-00 00:00:01')",
			"(4, '2023-04-31', '2023-04-31 12:00:00')");

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void invalidDateStopsTheStreamNamingTableColumnAndProperty(RowMetadata metadata) throws Exception {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String schema = TestServers.uniqueSchema("invalid_fail");
		server.execute("CREATE DATABASE " + schema, TABLE.formatted(schema));
		BinlogContexts.runner(server).withBean(Recorder.class).withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				Recorder recorder = context.getBean(Recorder.class);
				insertInvalid(server, schema, List.of("(1, '2024-02-30', '2024-01-01 00:00:00')"));
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED
						|| !recorder.changes(schema).isEmpty());
				assertThat(recorder.changes(schema)).isEmpty();
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.FAILED);
				assertThat(container.getStatus().lastError()).contains("'d' of " + schema + ".t")
					.contains("2024-02-30")
					.contains("binlog.decoding.invalid-dates");
			});
	}

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void nullPolicyDeliversNullForEveryInvalidDate(RowMetadata metadata) throws Exception {
		Map<Integer, Row> rows = stream(TestServers.get(metadata), TestServers.uniqueSchema("invalid_null"), "null");
		assertThat(rows).hasSize(ROWS.size());
		rows.values().forEach((row) -> {
			assertThat(row.get("d")).as("d of row %s", row.get("id")).isNull();
			assertThat(row.get("dt")).as("dt of row %s", row.get("id")).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void lenientPolicyEqualsWhatJdbcGetObjectReads(RowMetadata metadata) throws Exception {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String schema = TestServers.uniqueSchema("invalid_lenient");
		Map<Integer, Row> rows = stream(server, schema, "lenient");
		Map<Integer, List<Object>> jdbc = new HashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT id, d, dt FROM " + schema + ".t")) {
			while (rs.next()) {
				// the java.sql types roll an invalid date over; the java.time getters throw for it
				jdbc.put(rs.getInt(1), List.of(((Date) rs.getObject(2)).toLocalDate(),
						((Timestamp) rs.getObject(3)).toLocalDateTime()));
			}
		}
		assertThat(jdbc).hasSize(ROWS.size());
		jdbc.forEach((id, expected) -> {
			assertThat(rows.get(id).get("d")).as("d of row %s", id).isEqualTo(expected.get(0));
			assertThat(rows.get(id).get("dt")).as("dt of row %s", id).isEqualTo(expected.get(1));
		});
		assertThat(rows.get(1).get("d")).isEqualTo(LocalDate.of(2024, 3, 1));
		assertThat(rows.get(2).get("dt")).isEqualTo(LocalDateTime.of(2023, 12, 15, 23, 59, 59));
	}

	private static Map<Integer, Row> stream(EmbeddedMariaDb server, String schema, String policy) {
		server.execute("CREATE DATABASE " + schema, TABLE.formatted(schema));
		Map<Integer, Row> rows = new HashMap<>();
		BinlogContexts.runner(server).withBean(Recorder.class)
			.withPropertyValues("binlog.include=" + schema + "\\..*", "binlog.decoding.invalid-dates=" + policy)
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				insertInvalid(server, schema, ROWS);
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == ROWS.size());
				recorder.changes(schema)
					.forEach((event) -> ((TableWriteEvent) event).getRows()
						.forEach((row) -> rows.put((Integer) row.get("id"), row)));
			});
		return rows;
	}

	private static void insertInvalid(EmbeddedMariaDb server, String schema, List<String> rows) {
		String[] sql = new String[rows.size() + 1];
		// without NO_ZERO_IN_DATE, and with invalid days allowed
		sql[0] = "SET SESSION sql_mode = 'ALLOW_INVALID_DATES'";
		for (int i = 0; i < rows.size(); i++) {
			sql[i + 1] = "INSERT INTO " + schema + ".t VALUES " + rows.get(i);
		}
		server.execute(sql);
	}

}
