package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.container.BinlogDelivery;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

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

	@Test
	void withTransactionalDeliveryTheWaitReturnsOnlyOnceTheListenersWritesAreCommitted() throws Exception {
		String schema = TestServers.uniqueSchema("rywtx");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)",
				"CREATE TABLE " + schema + ".ledger (id INT PRIMARY KEY)");
		BinlogContexts.runner(this.server, schema)
			.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class))
			.withBean(LedgerWriter.class)
			.withPropertyValues("binlog.delivery.mode=transactional", "binlog.exclude=" + schema + "\\.ledger")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				for (int id = 1; id <= 20; id++) {
					String gtid = insert(schema, id);
					assertThat(BinlogDelivery.awaitTransaction(container, gtid, TIMEOUT)).isTrue();
					// read on another connection at once: the listener's write committed before the wait returned
					assertThat(TestServers.queryForString(this.server,
							"SELECT COUNT(*) FROM " + schema + ".ledger WHERE id = " + id))
						.as("ledger row %d visible when the wait returned", id)
						.isEqualTo("1");
				}
			});
	}

	@Test
	void waitingOnAFailedStreamFailsAtOnceNamingItsStateAndLastError() throws Exception {
		String schema = TestServers.uniqueSchema("rywfailed");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(this.server, schema)
			.withBean(BrokenListener.class)
			.withPropertyValues("binlog.listener-failure.action=stop")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				String gtid = insert(schema, 1);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThatIllegalStateException().isThrownBy(() -> BinlogDelivery.awaitTransaction(container, gtid, TIMEOUT))
					.withMessageContaining("is failed")
					.withMessageContaining("read model broke");
				assertThatIllegalStateException().isThrownBy(() -> BinlogDelivery.awaitCaughtUp(container, TIMEOUT))
					.withMessageContaining("is failed")
					.withMessageContaining("read model broke");
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

	/**
	 * Writes a ledger row per inserted row, in the delivery's transaction.
	 */
	static class LedgerWriter {

		private final JdbcTemplate jdbc;

		LedgerWriter(DataSource dataSource) {
			this.jdbc = new JdbcTemplate(dataSource);
		}

		@EventListener
		void on(TableWriteEvent event) {
			if (event.getTable().equals("t")) {
				event.getRows().forEach((row) -> this.jdbc.update("INSERT INTO ledger VALUES (?)", row.get("id")));
			}
		}

	}

	/**
	 * Fails on every change.
	 */
	static class BrokenListener {

		@EventListener
		void on(TableChangeEvent event) {
			throw new IllegalStateException("read model broke");
		}

	}

}
