package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

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
 * MariaDB's {@code COMPRESSED} columns decode to what JDBC reads, whether the server stored a value compressed or,
 * being short, as it is.
 */
class CompressedColumnsIntegrationTests {

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void compressedColumnsEqualWhatJdbcReads(RowMetadata metadata) throws Exception {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String schema = TestServers.uniqueSchema("compressed");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".c (id INT PRIMARY KEY, "
				+ "v VARCHAR(1000) COMPRESSED CHARACTER SET utf8mb4, b BLOB COMPRESSED, "
				+ "t TEXT COMPRESSED CHARACTER SET utf8mb4, l VARCHAR(300) COMPRESSED CHARACTER SET latin1, "
				+ "lt LONGTEXT COMPRESSED CHARACTER SET utf8mb4, z INT)");
		BinlogContexts.runner(server).withBean(Recorder.class).withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				server.execute("INSERT INTO " + schema + ".c VALUES (1, 'short', x'00ff', 'é', 'Grüße', '', 1)",
						"INSERT INTO " + schema + ".c VALUES (2, REPEAT('Zoë 😀 ', 100), REPEAT(x'00ff10', 5000), "
								+ "REPEAT('é', 3000), REPEAT('Grüße ', 50), REPEAT('long ✓ ', 100000), 2)",
						"INSERT INTO " + schema + ".c VALUES (3, NULL, NULL, NULL, NULL, NULL, 3)");
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() >= 3);
				List<Row> rows = recorder.changes(schema).stream()
					.flatMap((event) -> ((TableWriteEvent) event).getRows().stream())
					.toList();
				try (Connection connection = server.connect(); Statement statement = connection.createStatement();
						ResultSet rs = statement.executeQuery("SELECT * FROM " + schema + ".c ORDER BY id")) {
					for (Row row : rows) {
						assertThat(rs.next()).isTrue();
						assertThat(row.get("id")).isEqualTo(rs.getInt("id"));
						for (String column : List.of("v", "t", "l", "lt")) {
							assertThat(row.get(column)).as("column %s of row %s", column, row.get("id"))
								.isEqualTo(rs.getString(column));
						}
						assertThat(row.get("b")).isEqualTo(rs.getBytes("b"));
						assertThat(row.get("z")).isEqualTo(rs.getInt("z"));
					}
				}
			});
	}

}
