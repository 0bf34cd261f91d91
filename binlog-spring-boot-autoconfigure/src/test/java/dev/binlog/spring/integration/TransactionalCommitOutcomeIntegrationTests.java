package dev.binlog.spring.integration;

import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Exactly once" details: a commit of the delivery transaction that fails with its outcome unknown is
 * resolved by reading the position back from the store (real MariaDB underneath; only the commit's reply is
 * broken, by a transaction manager that commits and then throws, or throws without committing), and when the store
 * cannot be read, the container stops.
 */
class TransactionalCommitOutcomeIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	// AFTER_COMMIT: committed once, not delivered again although the container was told the commit failed;
	// INSTEAD_OF_COMMIT: rolled back, then delivered again. Either way nothing is skipped and nothing comes twice.
	@ParameterizedTest
	@EnumSource(names = { "AFTER_COMMIT", "INSTEAD_OF_COMMIT" })
	void aCommitThatFailsWhetherOrNotItCommittedLeavesEachChangeOnce(Failure failure) throws Exception {
		String schema = createSchema((failure == Failure.AFTER_COMMIT) ? "txlost" : "txnocommit");
		FlakyCommits commits = new FlakyCommits();
		runner(schema, commits).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			BinlogContexts.awaitCaughtUp(container);
			commits.next.set(failure);
			this.server.execute("INSERT INTO " + schema + ".src VALUES (1)");
			await().atMost(TIMEOUT).until(() -> commits.next.get() == null);
			this.server.execute("INSERT INTO " + schema + ".src VALUES (2)");
			await().atMost(TIMEOUT).until(() -> count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger") >= 2);
			BinlogContexts.awaitCaughtUp(container);
			assertThat(count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger")).isEqualTo(2);
			assertThat(count(schema, "SELECT COUNT(DISTINCT src_id) FROM " + schema + ".ledger")).isEqualTo(2);
			assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
		});
	}

	@Test
	void commitWithUnknownOutcomeStopsTheContainerWhenThePositionCannotBeReadBack() throws Exception {
		String schema = createSchema("txunread");
		FlakyCommits commits = new FlakyCommits();
		commits.afterCommit = () -> this.server
			.execute("RENAME TABLE " + schema + ".binlog_position TO " + schema + ".binlog_position_gone");
		runner(schema, commits).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			BinlogContexts.awaitCaughtUp(container);
			commits.next.set(Failure.AFTER_COMMIT);
			this.server.execute("INSERT INTO " + schema + ".src VALUES (1)");
			await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
			assertThat(container.getStatus().lastError()).contains("cannot be read back");
		});
	}

	private String createSchema(String prefix) {
		String schema = TestServers.uniqueSchema(prefix);
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".src (id INT PRIMARY KEY)",
				"CREATE TABLE " + schema + ".ledger (seq BIGINT AUTO_INCREMENT PRIMARY KEY, src_id INT)");
		return schema;
	}

	private ApplicationContextRunner runner(String schema, FlakyCommits commits) {
		return BinlogContexts.runner(this.server, schema)
			.withBean(FlakyCommits.class, () -> commits)
			.withBean(Ledger.class, Ledger::new)
			.withPropertyValues("binlog.delivery.mode=transactional", "binlog.exclude=" + schema + "\\.ledger");
	}

	private long count(String schema, String sql) throws Exception {
		return Long.parseLong(TestServers.queryForString(this.server, sql));
	}

	enum Failure {

		/** The commit happened, its reply was lost. */
		AFTER_COMMIT,

		/** The commit did not happen. */
		INSTEAD_OF_COMMIT

	}

	/**
	 * The position {@code DataSource}'s transaction manager, whose next commit fails once as armed.
	 */
	static class FlakyCommits extends DataSourceTransactionManager {

		final AtomicReference<@Nullable Failure> next = new AtomicReference<>();

		volatile Runnable afterCommit = () -> {
		};

		FlakyCommits() {
			// a commit that failed before it happened leaves nothing behind, as a broken connection would
			// (without this, restoring auto-commit on the returned connection would commit the work)
			setRollbackOnCommitFailure(true);
		}

		@Override
		@Autowired
		public void setDataSource(@Nullable DataSource dataSource) {
			super.setDataSource(dataSource);
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			Failure failure = this.next.getAndSet(null);
			if (failure == Failure.INSTEAD_OF_COMMIT) {
				throw new TransactionSystemException("Connection reset before COMMIT");
			}
			super.doCommit(status);
			if (failure == Failure.AFTER_COMMIT) {
				this.afterCommit.run();
				throw new TransactionSystemException("Connection reset while waiting for the reply to COMMIT");
			}
		}

	}

	/**
	 * Appends a ledger row per source row, in the delivery's transaction.
	 */
	static class Ledger {

		private @Nullable JdbcTemplate jdbc;

		@Autowired
		void setDataSource(DataSource dataSource) {
			this.jdbc = new JdbcTemplate(dataSource);
		}

		@EventListener
		void on(TableChangeEvent event) {
			if (event.getTable().equals("src")) {
				event.getChanges()
					.forEach((change) -> this.jdbc.update("INSERT INTO ledger (src_id) VALUES (?)",
							change.row().get("id")));
			}
		}

	}

}
