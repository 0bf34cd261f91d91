package dev.binlog.spring.integration;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code binlog.position.use-gtid}: a restart resumes by the saved GTID set where the server has GTIDs, and by the
 * saved file and offset when it is off. Each test makes the two parts of the saved record disagree, so only the
 * part the setting names can give the delivery asserted.
 */
class GtidResumeIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void aRestartResumesByTheSavedGtidSetByDefault() throws Exception {
		String schema = createSchema("gtidresume");
		Recorder first = new Recorder();
		runner(schema, first).run((context) -> {
			this.server.execute("INSERT INTO " + schema + ".t VALUES (1), (2)");
			await().atMost(TIMEOUT).until(() -> first.changes(schema).size() == 1);
		});
		// the offset now points at the start of the file, before every row of this schema: only the GTID set is right
		this.server.execute("UPDATE " + schema + ".binlog_position SET binlog_position = 4");
		this.server.execute("INSERT INTO " + schema + ".t VALUES (3)");
		Recorder second = new Recorder();
		runner(schema, second).run((context) -> {
			BinlogContexts.awaitCaughtUp(context.getBean(BinlogListenerContainer.class));
			assertThat(second.changes(schema)).singleElement()
				.satisfies((event) -> assertThat(event.getChanges()).singleElement()
					.satisfies((row) -> assertThat(row.row().get("id")).isEqualTo(3)));
		});
	}

	@Test
	void withUseGtidOffARestartResumesByTheSavedFileAndOffset() throws Exception {
		String schema = createSchema("fileresume");
		Recorder first = new Recorder();
		runner(schema, first).withPropertyValues("binlog.position.use-gtid=false").run((context) -> {
			this.server.execute("INSERT INTO " + schema + ".t VALUES (1), (2)");
			await().atMost(TIMEOUT).until(() -> first.changes(schema).size() == 1);
		});
		// the GTID set now names only the server's first transaction: only the file and offset are right
		this.server.execute("UPDATE " + schema + ".binlog_position SET gtid_set = '0-1-1'");
		this.server.execute("INSERT INTO " + schema + ".t VALUES (3)");
		Recorder second = new Recorder();
		runner(schema, second).withPropertyValues("binlog.position.use-gtid=false").run((context) -> {
			BinlogContexts.awaitCaughtUp(context.getBean(BinlogListenerContainer.class));
			assertThat(second.changes(schema)).singleElement()
				.satisfies((event) -> assertThat(event.getChanges()).singleElement()
					.satisfies((row) -> assertThat(row.row().get("id")).isEqualTo(3)));
		});
	}

	private String createSchema(String prefix) {
		String schema = TestServers.uniqueSchema(prefix);
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		return schema;
	}

	private ApplicationContextRunner runner(String schema, Recorder recorder) {
		return BinlogContexts.runner(this.server, schema).withBean(Recorder.class, () -> recorder);
	}

}
