package dev.binlog.spring.integration;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

import dev.binlog.spring.Row;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Hidden columns": MariaDB writes columns to the binlog that {@code information_schema} does not list.
 * Long-unique hashes are left out of rows, implicit system-versioning columns are kept, and neither stops the stream
 * as if the table had changed; the same with FULL and MINIMAL row metadata.
 */
class HiddenColumnsIntegrationTests {

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void longUniqueHashIsLeftOutAndSystemVersioningColumnsAreKept(RowMetadata metadata) throws Exception {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String schema = TestServers.uniqueSchema("hidden");
		server.execute("CREATE DATABASE " + schema,
				"CREATE TABLE " + schema + ".lu (id INT PRIMARY KEY, t TEXT, UNIQUE KEY (t))",
				"CREATE TABLE " + schema + ".sv (id INT PRIMARY KEY, a INT) WITH SYSTEM VERSIONING",
				"CREATE TABLE " + schema + ".both (id INT PRIMARY KEY, t TEXT, a INT, UNIQUE KEY (t), "
						+ "UNIQUE KEY (a) USING HASH) WITH SYSTEM VERSIONING",
				"CREATE TABLE " + schema + ".explicit (id INT PRIMARY KEY, "
						+ "s TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE, "
						+ "e TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE, PERIOD FOR SYSTEM_TIME(s, e)) "
						+ "WITH SYSTEM VERSIONING");
		// a column added later goes before the server's own columns
		server.execute("SET system_versioning_alter_history = KEEP", "ALTER TABLE " + schema + ".both ADD COLUMN b INT");
		BinlogContexts.runner(server).withBean(Recorder.class).withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				server.execute("INSERT INTO " + schema + ".lu VALUES (1, 'long text')",
						"INSERT INTO " + schema + ".sv VALUES (1, 10)", "DELETE FROM " + schema + ".sv",
						"INSERT INTO " + schema + ".both VALUES (1, 'x', 2, 3)",
						"INSERT INTO " + schema + ".explicit VALUES (1)", "INSERT INTO " + schema + ".lu VALUES (2, 'end')");
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() >= 6);

				List<TableChangeEvent> changes = recorder.changes(schema);
				Row lu = ((TableWriteEvent) changes.get(0)).getRows().get(0);
				assertThat(lu.columnNames()).containsExactly("id", "t");
				assertThat(lu.get("t")).isEqualTo("long text");

				Row sv = ((TableWriteEvent) changes.get(1)).getRows().get(0);
				assertThat(sv.columnNames()).containsExactly("id", "a", "row_start", "row_end");
				assertThat(sv.get("row_start")).isEqualTo(instant(server, "SELECT UNIX_TIMESTAMP(row_start) FROM "
						+ schema + ".sv FOR SYSTEM_TIME ALL WHERE id = 1"));
				assertThat(sv.get("row_end")).isEqualTo(Instant.parse("2038-01-19T03:14:07.999999Z"));
				// a DELETE keeps the row as history: the binlog has an update that closes row_end
				Row deleted = ((TableUpdateEvent) changes.get(2)).getRows().get(0).after();
				assertThat(deleted.get("row_end")).isEqualTo(instant(server, "SELECT UNIX_TIMESTAMP(row_end) FROM "
						+ schema + ".sv FOR SYSTEM_TIME ALL WHERE id = 1"));

				Row both = ((TableWriteEvent) changes.get(3)).getRows().get(0);
				assertThat(both.columnNames()).containsExactly("id", "t", "a", "b", "row_start", "row_end");
				assertThat(both.get("b")).isEqualTo(3);

				Row explicit = ((TableWriteEvent) changes.get(4)).getRows().get(0);
				assertThat(explicit.columnNames()).containsExactly("id", "s", "e");
				assertThat(explicit.get("s")).isEqualTo(instant(server, "SELECT UNIX_TIMESTAMP(s) FROM " + schema
						+ ".explicit"));
				assertThat(((TableWriteEvent) changes.get(5)).getRows().get(0).columnNames()).containsExactly("id", "t");
			});
	}

	private static Instant instant(EmbeddedMariaDb server, String sql) throws Exception {
		BigDecimal epoch = new BigDecimal(TestServers.queryForString(server, sql));
		BigDecimal seconds = epoch.setScale(0, RoundingMode.FLOOR);
		return Instant.ofEpochSecond(seconds.longValueExact(), epoch.subtract(seconds).movePointRight(9).longValueExact());
	}

}
