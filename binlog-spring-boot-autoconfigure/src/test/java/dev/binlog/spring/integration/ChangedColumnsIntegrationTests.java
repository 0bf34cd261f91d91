package dev.binlog.spring.integration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Listening to changed columns": {@code @BinlogListener(changed = ...)} is called only for updates that
 * changed a named column, with only those rows; inserts still arrive.
 */
class ChangedColumnsIntegrationTests {

	@Test
	void listenerOfChangedColumnsIsCalledOnlyForUpdatesOfThoseColumns() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("changed");
		server.execute("CREATE DATABASE " + schema,
				"CREATE TABLE " + schema + ".orders (id INT PRIMARY KEY, status VARCHAR(10), note VARCHAR(10))");
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.withBean(StatusListener.class)
			.run((context) -> {
				StatusListener listener = context.getBean(StatusListener.class);
				server.execute("INSERT INTO " + schema + ".orders VALUES (1, 'new', 'a'), (2, 'new', 'b')",
						"UPDATE " + schema + ".orders SET note = 'c' WHERE id = 1",
						"UPDATE " + schema + ".orders SET status = 'paid' WHERE id = 2",
						// both rows change their note, only row 1 its status
						"UPDATE " + schema + ".orders SET note = 'd', status = IF(id = 1, 'paid', status)",
						"UPDATE " + schema + ".orders SET status = 'shipped' WHERE id = 2");
				await().atMost(TIMEOUT).until(() -> listener.tables.size() == 3);
				assertThat(listener.tables).containsExactly(List.of(2), List.of(1), List.of(2));
				assertThat(listener.rows).containsExactly("WRITE 1", "WRITE 2", "UPDATE 2", "UPDATE 1", "UPDATE 2");
			});
	}

	static class StatusListener {

		final List<List<Object>> tables = new CopyOnWriteArrayList<>();

		final List<String> rows = new CopyOnWriteArrayList<>();

		@BinlogListener(table = "orders", action = Action.UPDATE, changed = "status")
		void onStatus(TableUpdateEvent event) {
			this.tables.add(event.getRows().stream().map((change) -> change.after().get("id")).toList());
		}

		@BinlogListener(table = "orders", changed = "status")
		void onRow(RowChangeEvent event) {
			this.rows.add(event.getAction() + " " + event.getChange().row().get("id"));
		}

	}

}
