package dev.binlog.spring.integration;


import dev.binlog.spring.Row;
import dev.binlog.spring.TableDeleteEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.test.EmbeddedMariaDb;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code binlog_row_image} MINIMAL or NOBLOB the server leaves columns out of row images: they are absent
 * from the delivered rows, never reported as NULL.
 */
class RowImageIntegrationTests {

	@Test
	void minimalRowImageLeavesUnchangedColumnsAbsent() {
		try (EmbeddedMariaDb server = EmbeddedMariaDb.builder().rowImage("MINIMAL").start()) {
			Recorder recorder = run(server);
			TableUpdateEvent update = (TableUpdateEvent) recorder.changes("img").get(1);
			Row before = update.getRows().get(0).before();
			Row after = update.getRows().get(0).after();
			assertThat(before.columnNames()).containsExactly("id");
			assertThat(after.columnNames()).containsExactly("a");
			assertThat(after.get("a")).isEqualTo(2);
			assertThat(after.contains("b")).isFalse();
			Row deleted = ((TableDeleteEvent) recorder.changes("img").get(2)).getRows().get(0);
			assertThat(deleted.columnNames()).containsExactly("id");
		}
	}

	@Test
	void noblobRowImageLeavesUnchangedBlobsAbsent() {
		try (EmbeddedMariaDb server = EmbeddedMariaDb.builder().rowImage("NOBLOB").start()) {
			Recorder recorder = run(server);
			Row inserted = ((TableWriteEvent) recorder.changes("img").get(0)).getRows().get(0);
			assertThat(inserted.columnNames()).containsExactly("id", "a", "b", "c");
			assertThat(inserted.get("b")).isNull();
			TableUpdateEvent update = (TableUpdateEvent) recorder.changes("img").get(1);
			Row after = update.getRows().get(0).after();
			assertThat(after.columnNames()).containsExactly("id", "a", "b");
			assertThat(after.contains("c")).isFalse();
			// b is present and really NULL
			assertThat(after.get("b")).isNull();
		}
	}

	private static Recorder run(EmbeddedMariaDb server) {
		server.execute("CREATE DATABASE img", "CREATE TABLE img.t (id INT PRIMARY KEY, a INT, b VARCHAR(10), c BLOB)");
		Recorder recorder = new Recorder();
		BinlogContexts.runner(server).withBean(Recorder.class, () -> recorder).run((context) -> {
			server.execute("INSERT INTO img.t VALUES (1, 1, NULL, x'01')", "UPDATE img.t SET a = 2 WHERE id = 1",
					"DELETE FROM img.t WHERE id = 1");
			await().atMost(TIMEOUT).until(() -> recorder.changes("img").size() == 3);
		});
		return recorder;
	}

}
