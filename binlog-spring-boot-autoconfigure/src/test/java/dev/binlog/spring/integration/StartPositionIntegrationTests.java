package dev.binlog.spring.integration;

import java.util.List;

import dev.binlog.spring.TableWriteEvent;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each {@code binlog.start-position} mode, for a first run without a saved position: row 1 is written before the
 * context starts, row 2 after the start position was taken.
 */
class StartPositionIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	private String schema;

	@BeforeEach
	void createTable() {
		this.schema = TestServers.uniqueSchema("start");
		this.server.execute("CREATE DATABASE " + this.schema,
				"CREATE TABLE " + this.schema + ".t (id INT PRIMARY KEY)", "INSERT INTO " + this.schema + ".t VALUES (1)");
	}

	@Test
	void latestSkipsWhatWasWrittenBefore() {
		runner("latest").run((context) -> {
			this.server.execute("INSERT INTO " + this.schema + ".t VALUES (2)");
			assertThat(awaitIds(context.getBean(Recorder.class))).containsExactly(2);
		});
	}

	@Test
	void earliestReadsTheOldestBinlog() {
		runner("earliest").run((context) -> {
			this.server.execute("INSERT INTO " + this.schema + ".t VALUES (2)");
			assertThat(awaitIds(context.getBean(Recorder.class))).containsExactly(1, 2);
		});
	}

	@Test
	void fileAndPositionStartThere() throws Exception {
		String position = TestServers.binlogPosition(this.server);
		this.server.execute("INSERT INTO " + this.schema + ".t VALUES (2)");
		runner(position).run((context) -> assertThat(awaitIds(context.getBean(Recorder.class))).containsExactly(2));
	}

	@Test
	void gtidSetStartsAfterIt() throws Exception {
		String gtid = TestServers.queryForString(this.server, "SELECT @@gtid_binlog_pos");
		this.server.execute("INSERT INTO " + this.schema + ".t VALUES (2)");
		runner("gtid:" + gtid).run((context) -> assertThat(awaitIds(context.getBean(Recorder.class))).containsExactly(2));
	}

	private ApplicationContextRunner runner(String startPosition) {
		return BinlogContexts.runner(this.server)
			.withBean(Recorder.class)
			.withPropertyValues("binlog.start-position=" + startPosition, "binlog.include=" + this.schema + "\\..*");
	}

	private List<Object> awaitIds(Recorder recorder) {
		// row 2 is the last row written: once it is there, anything before it has been delivered too
		await().atMost(TIMEOUT)
			.until(() -> recorder.changes(this.schema)
				.stream()
				.anyMatch((event) -> ((TableWriteEvent) event).getRows().get(0).get("id").equals(2)));
		return recorder.changes(this.schema)
			.stream()
			.map((event) -> ((TableWriteEvent) event).getRows().get(0).get("id"))
			.toList();
	}

}
