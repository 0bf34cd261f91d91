package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import dev.binlog.spring.container.BinlogDelivery;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Application code waits until the stream has delivered its own write, then reads what the listeners made of it.
 */
class ReadYourWritesIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void waitingForTheGtidOfOnesOwnCommitReturnsOnceTheListenersHaveIt() throws Exception {
		String schema = TestServers.uniqueSchema("ryw");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(this.server, schema).withBean(Recorder.class).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			Recorder recorder = context.getBean(Recorder.class);
			for (int id = 1; id <= 20; id++) {
				String gtid = insert(schema, id);
				assertThat(BinlogDelivery.awaitTransaction(container, gtid, TIMEOUT)).isTrue();
				// no polling: the row is there when the wait returns
				assertThat(recorder.changes(schema)).hasSize(id);
			}
		});
	}

	@Test
	void waitingUntilCaughtUpCoversEverythingWrittenBeforeAndTimesOutWhileThePausedStreamLagsBehind()
			throws Exception {
		String schema = TestServers.uniqueSchema("caughtup");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(this.server, schema).withBean(Recorder.class).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			Recorder recorder = context.getBean(Recorder.class);
			insert(schema, 1);
			insert(schema, 2);
			assertThat(BinlogDelivery.awaitCaughtUp(container, TIMEOUT)).isTrue();
			assertThat(recorder.changes(schema)).hasSize(2);
			container.pause();
			String gtid = insert(schema, 3);
			assertThat(BinlogDelivery.awaitTransaction(container, gtid, Duration.ofMillis(300))).isFalse();
			assertThat(BinlogDelivery.awaitCaughtUp(container, Duration.ofMillis(300))).isFalse();
			container.resume();
			assertThat(BinlogDelivery.awaitTransaction(container, gtid, TIMEOUT)).isTrue();
			assertThat(recorder.changes(schema)).hasSize(3);
		});
	}

	@Test
	void waitingOnAStoppedStreamFailsAtOnceNamingItsState() throws Exception {
		String schema = TestServers.uniqueSchema("rywstopped");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(this.server, schema).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			container.stop();
			String gtid = insert(schema, 1);
			// with a minute to wait: returning at all shows it did not wait for the timeout
			assertThatIllegalStateException().isThrownBy(() -> BinlogDelivery.awaitTransaction(container, gtid, TIMEOUT))
				.withMessageContaining("transaction " + gtid)
				.withMessageContaining("is stopped");
			assertThatIllegalStateException().isThrownBy(() -> BinlogDelivery.awaitCaughtUp(container, TIMEOUT))
				.withMessageContaining("is stopped");
		});
	}

	// the GTID of the transaction this connection just committed
	private String insert(String schema, int id) throws Exception {
		try (Connection connection = this.server.connect(); Statement statement = connection.createStatement()) {
			statement.executeUpdate("INSERT INTO " + schema + ".t VALUES (" + id + ")");
			try (ResultSet rs = statement.executeQuery("SELECT @@last_gtid")) {
				assertThat(rs.next()).isTrue();
				return rs.getString(1);
			}
		}
	}

}
