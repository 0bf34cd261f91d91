package dev.binlog.spring.integration;

import java.time.Instant;
import java.util.List;

import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
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

	@Test
	void timeBetweenTwoTransactionsStartsWithTheSecond() throws Exception {
		long first = Long.parseLong(TestServers.queryForString(this.server, "SELECT UNIX_TIMESTAMP()"));
		// row 1 committed at or before 'first'; row 2 commits in a later second of the server's clock
		await().atMost(TIMEOUT)
			.until(() -> Long.parseLong(TestServers.queryForString(this.server, "SELECT UNIX_TIMESTAMP()")) > first);
		this.server.execute("INSERT INTO " + this.schema + ".t VALUES (2)");
		runner("time:" + Instant.ofEpochSecond(first + 1))
			.run((context) -> assertThat(awaitIds(context.getBean(Recorder.class))).containsExactly(2));
	}

	@Test
	void timeInAnOlderBinlogFileIsFoundAndTheStreamReadsOnIntoTheNewerFiles() throws Exception {
		long first = Long.parseLong(TestServers.queryForString(this.server, "SELECT UNIX_TIMESTAMP()"));
		await().atMost(TIMEOUT)
			.until(() -> Long.parseLong(TestServers.queryForString(this.server, "SELECT UNIX_TIMESTAMP()")) > first);
		// the instant lies in the file before the rotation: the search must not pick the newest file
		this.server.execute("INSERT INTO " + this.schema + ".t VALUES (2)", "FLUSH BINARY LOGS",
				"INSERT INTO " + this.schema + ".t VALUES (3)");
		runner("time:" + Instant.ofEpochSecond(first + 1)).run((context) -> {
			Recorder recorder = context.getBean(Recorder.class);
			await().atMost(TIMEOUT).until(() -> recorder.changes(this.schema).size() >= 2);
			assertThat(recorder.changes(this.schema)).extracting((event) -> event.getChanges().get(0).row().get("id"))
				.containsExactly(2, 3);
		});
	}

	@Test
	void restartFromATimeRedeliversTheTransactionsCommittedSince() throws Exception {
		long first = Long.parseLong(TestServers.queryForString(this.server, "SELECT UNIX_TIMESTAMP()"));
		await().atMost(TIMEOUT)
			.until(() -> Long.parseLong(TestServers.queryForString(this.server, "SELECT UNIX_TIMESTAMP()")) > first);
		runner("latest").run((context) -> {
			Recorder recorder = context.getBean(Recorder.class);
			this.server.execute("INSERT INTO " + this.schema + ".t VALUES (2)");
			await().atMost(TIMEOUT).until(() -> recorder.changes(this.schema).size() == 1);
			context.getBean(BinlogListenerContainer.class)
				.restartFrom(StartPosition.parse("time:" + Instant.ofEpochSecond(first + 1), "position"));
			await().atMost(TIMEOUT).until(() -> recorder.changes(this.schema).size() >= 2);
			assertThat(recorder.changes(this.schema)).extracting((event) -> event.getChanges().get(0).row().get("id"))
				.containsExactly(2, 2);
		});
	}

	@Test
	void timeBeforeTheOldestBinlogFailsNamingTheOldestFileAndWhatToDo() {
		runner("time:2001-01-01T00:00:00Z").run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription())
				.contains("time:2001-01-01T00:00:00Z lies before the oldest binary log on the server, mysql-bin.");
			assertThat(analysis.getAction()).contains("'earliest'").contains("binlog_expire_logs_seconds");
		});
	}

	@Test
	void timeInTheFutureFails() {
		runner("time:2999-01-01T00:00:00Z").run((context) -> assertThat(BinlogContexts.analyze(context)
			.getDescription()).contains("time:2999-01-01T00:00:00Z lies in the future"));
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
