package dev.binlog.spring.integration;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's caveats on changes the binlog has no rows for: {@code TRUNCATE TABLE} is DDL, written to the binlog as
 * a statement, so it removes rows without any row event; and the rows a foreign key's cascade changes are not
 * written to the binlog by the server at all. The stream goes on past both.
 */
class TruncateIntegrationTests {

	@Test
	void truncatePublishesNoRowEvents() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("truncate");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(server)
			.withBean(Recorder.class)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				server.execute("INSERT INTO " + schema + ".t VALUES (1)", "TRUNCATE TABLE " + schema + ".t",
						"INSERT INTO " + schema + ".t VALUES (2)");
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() >= 2);
				assertThat(recorder.keys(schema)).containsExactly("write@" + schema + ".t", "write@" + schema + ".t");
				assertThat(context.getBean(BinlogListenerContainer.class).getStatus().state())
					.isEqualTo(ContainerState.STREAMING);
			});
	}

	@Test
	void rowsDeletedByAForeignKeyCascadePublishNoRowEvents() throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("cascade");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".parent (id INT PRIMARY KEY)",
				"CREATE TABLE " + schema + ".child (id INT PRIMARY KEY, parent INT, FOREIGN KEY (parent) REFERENCES "
						+ schema + ".parent (id) ON DELETE CASCADE)");
		BinlogContexts.runner(server)
			.withBean(Recorder.class)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				server.execute("INSERT INTO " + schema + ".parent VALUES (1)",
						"INSERT INTO " + schema + ".child VALUES (10, 1), (11, 1)",
						"DELETE FROM " + schema + ".parent WHERE id = 1", "INSERT INTO " + schema + ".parent VALUES (2)");
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() >= 4);
				// the child rows are gone on the server, but only the parent's delete is in the binlog
				assertThat(TestServers.queryForString(server, "SELECT COUNT(*) FROM " + schema + ".child")).isEqualTo("0");
				assertThat(recorder.keys(schema)).containsExactly("write@" + schema + ".parent",
						"write@" + schema + ".child", "delete@" + schema + ".parent", "write@" + schema + ".parent");
			});
	}

}
