package dev.binlog.spring.integration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code binlog.delivery.mode=transactional} against a real MariaDB: a listener that is not idempotent (it appends
 * ledger rows and increments counters in the position's database) sees its effects exactly once across listener
 * failures and restarts, because its writes and the position commit or roll back together.
 */
class TransactionalDeliveryIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void listenerFailureRollsBackItsWritesWithThePositionAndTheRetryWritesEachRowOnce() throws Exception {
		String schema = createSchema("txretry");
		Ledger ledger = new Ledger();
		ledger.failAt(3, 1);
		runner(schema, ledger).withPropertyValues("binlog.listener-failure.backoff=50ms").run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			BinlogContexts.awaitCaughtUp(container);
			this.server.execute("INSERT INTO " + schema + ".src VALUES (100, 0)");
			String sourceEnd = TestServers.executeAndLocate(this.server,
					"INSERT INTO " + schema + ".src VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0)");
			await().atMost(TIMEOUT).until(() -> count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger") >= 6);
			BinlogContexts.awaitCaughtUp(container);
			assertThat(container.getStatus().listenerFailures()).isEqualTo(1);
			assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			assertEachSourceRowOnce(schema, 6);
			assertStoredPositionIsPast(schema, sourceEnd);
		});
	}

	@Test
	void skipCommitsThePositionWithoutTheFailedListenersWrites() throws Exception {
		String schema = createSchema("txskip");
		Ledger ledger = new Ledger();
		ledger.failAt(3, Integer.MAX_VALUE);
		runner(schema, ledger).withPropertyValues("binlog.listener-failure.action=skip").run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			BinlogContexts.awaitCaughtUp(container);
			String sourceEnd = TestServers.executeAndLocate(this.server, "BEGIN",
					"INSERT INTO " + schema + ".src VALUES (1, 0), (2, 0)", "INSERT INTO " + schema + ".src VALUES (3, 0)",
					"INSERT INTO " + schema + ".src VALUES (4, 0)", "COMMIT");
			await().atMost(TIMEOUT).until(() -> count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger") >= 3);
			BinlogContexts.awaitCaughtUp(container);
			assertThat(container.getStatus().skippedEvents()).isEqualTo(1);
			// the failed listener's ledger row and counter for row 3 were rolled back to its savepoint; the rest of
			// the binlog transaction committed with the position
			assertThat(count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger WHERE src_id = 3")).isZero();
			assertThat(count(schema, "SELECT COUNT(*) FROM " + schema + ".counter WHERE k = 3")).isZero();
			assertThat(count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger")).isEqualTo(3);
			assertStoredPositionIsPast(schema, sourceEnd);
		});
	}

	@Test
	void gracefulRestartsMidStreamDeliverEachSourceRowExactlyOnce() throws Exception {
		String schema = createSchema("txrestart");
		int rows = 0;
		for (int run = 0; run < 3; run++) {
			Ledger ledger = new Ledger();
			int first = rows;
			rows += 150;
			int last = rows;
			runner(schema, ledger).run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				for (int id = first + 1; id <= last; id++) {
					this.server.execute("INSERT INTO " + schema + ".src VALUES (" + id + ", 0)");
				}
				// stopped while it may still be delivering: the next run continues from what committed
				await().atMost(TIMEOUT).until(() -> count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger") > first);
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			});
		}
		Ledger ledger = new Ledger();
		int total = rows;
		runner(schema, ledger).run((context) -> {
			await().atMost(TIMEOUT).until(() -> count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger") >= total);
			BinlogContexts.awaitCaughtUp(context.getBean(BinlogListenerContainer.class));
			assertEachSourceRowOnce(schema, total);
		});
	}

	@Test
	void groupCommitsAsSoonAsTheStreamRunsDryWhateverItsBounds() throws Exception {
		String schema = createSchema("txidle");
		Ledger ledger = new Ledger();
		runner(schema, ledger)
			.withPropertyValues("binlog.delivery.group.max-rows=1000000", "binlog.delivery.group.max-duration=1h")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				BinlogContexts.awaitCaughtUp(container);
				String sourceEnd = TestServers.executeAndLocate(this.server,
						"INSERT INTO " + schema + ".src VALUES (1, 0)");
				// visible to another connection: committed, not held open waiting for more events
				await().atMost(TIMEOUT).until(() -> count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger") == 1);
				BinlogContexts.awaitCaughtUp(container);
				assertStoredPositionIsPast(schema, sourceEnd);
			});
	}

	@Test
	void transactionsReadTogetherShareDatabaseTransactionsBoundedByMaxRowsWithoutSplittingOne() throws Exception {
		String schema = createSchema("txgroup");
		Ledger ledger = new Ledger();
		runner(schema, ledger)
			.withPropertyValues("binlog.delivery.group.max-rows=30", "binlog.delivery.group.max-duration=1h")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				BinlogContexts.awaitCaughtUp(container);
				container.pause();
				for (int i = 0; i < 100; i++) {
					this.server.execute("INSERT INTO " + schema + ".src VALUES (" + (2 * i) + ", 0), (" + (2 * i + 1)
							+ ", 0)");
				}
				container.resume();
				await().atMost(TIMEOUT).until(() -> count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger") == 200);
				assertEachSourceRowOnce(schema, 200);
				Map<Object, List<Integer>> groups = ledger.rowsByTransaction();
				assertThat(groups.values().stream().mapToInt(List::size).sum()).isEqualTo(200);
				// grouped: far fewer database transactions than the 100 binlog transactions read together
				assertThat(groups).hasSizeLessThan(50);
				assertThat(groups.values()).allSatisfy((ids) -> {
					// a group commits at the end of the binlog transaction that reached 30 rows
					assertThat(ids).hasSizeLessThanOrEqualTo(30 + 1);
					// never splits a binlog transaction (rows 2i and 2i+1)
					assertThat(ids.stream().filter((id) -> id % 2 == 0))
						.allSatisfy((id) -> assertThat(ids).contains(id + 1));
				});
			});
	}

	@Test
	void aTwoPhaseXaTransactionCommitsWithThePositionAndIsVisibleWhenItsWaitReturns() throws Exception {
		String schema = createSchema("txxa");
		Ledger ledger = new Ledger();
		runner(schema, ledger).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			BinlogContexts.awaitCaughtUp(container);
			String gtid;
			try (java.sql.Connection connection = this.server.connect();
					java.sql.Statement statement = connection.createStatement()) {
				statement.execute("XA START 'txxa1'");
				statement.execute("INSERT INTO " + schema + ".src VALUES (1, 0), (2, 0)");
				statement.execute("XA END 'txxa1'");
				statement.execute("XA PREPARE 'txxa1'");
				statement.execute("XA COMMIT 'txxa1'");
				try (java.sql.ResultSet rs = statement.executeQuery("SELECT @@last_gtid")) {
					assertThat(rs.next()).isTrue();
					gtid = rs.getString(1);
				}
			}
			assertThat(dev.binlog.spring.container.BinlogDelivery.awaitTransaction(container, gtid, TIMEOUT)).isTrue();
			// committed with its position, not left in an open group or behind a position that moved first
			assertEachSourceRowOnce(schema, 2);
		});
	}

	private String createSchema(String prefix) {
		String schema = TestServers.uniqueSchema(prefix);
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".src (id INT PRIMARY KEY, v INT)",
				"CREATE TABLE " + schema + ".ledger (seq BIGINT AUTO_INCREMENT PRIMARY KEY, src_id INT, v INT)",
				"CREATE TABLE " + schema + ".counter (k INT PRIMARY KEY, n INT NOT NULL)");
		return schema;
	}

	private ApplicationContextRunner runner(String schema, Ledger ledger) {
		return BinlogContexts.runner(this.server, schema)
			.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class))
			.withBean(Ledger.class, () -> ledger)
			.withPropertyValues("binlog.delivery.mode=transactional",
					"binlog.exclude=" + schema + "\\.(ledger|counter)");
	}

	private void assertEachSourceRowOnce(String schema, int rows) throws Exception {
		assertThat(count(schema, "SELECT COUNT(*) FROM " + schema + ".ledger")).isEqualTo(rows);
		assertThat(count(schema, "SELECT COUNT(DISTINCT src_id) FROM " + schema + ".ledger")).isEqualTo(rows);
		assertThat(count(schema, "SELECT COUNT(*) FROM " + schema + ".counter WHERE n <> 1")).isZero();
	}

	// the position record moved past the source transactions: it committed with the listener's writes (the
	// position writes after it touch only the position table and are not saved again)
	private void assertStoredPositionIsPast(String schema, String sourceEnd) throws Exception {
		String stored = TestServers.queryForString(this.server, "SELECT CONCAT(binlog_file, ':', binlog_position) FROM "
				+ schema + ".binlog_position WHERE name = 'default'");
		assertThat(stored.substring(0, stored.indexOf(':'))).isEqualTo(sourceEnd.substring(0, sourceEnd.indexOf(':')));
		assertThat(Long.parseLong(stored.substring(stored.indexOf(':') + 1)))
			.isGreaterThanOrEqualTo(Long.parseLong(sourceEnd.substring(sourceEnd.indexOf(':') + 1)));
	}

	private long count(String schema, String sql) throws Exception {
		return Long.parseLong(TestServers.queryForString(this.server, sql));
	}

	/**
	 * Appends a ledger row and increments a counter per changed source row, in the delivery's transaction; fails
	 * on a chosen row after writing it, a number of times.
	 */
	static class Ledger {

		private volatile @org.jspecify.annotations.Nullable JdbcTemplate jdbc;

		private volatile @org.jspecify.annotations.Nullable DataSource dataSource;

		private volatile int failAtId = -1;

		private final AtomicInteger failuresLeft = new AtomicInteger();

		// committed or not, the rows each database transaction delivered
		private final Map<Object, List<Integer>> rows = new ConcurrentHashMap<>();

		void failAt(int id, int times) {
			this.failAtId = id;
			this.failuresLeft.set(times);
		}

		@org.springframework.beans.factory.annotation.Autowired
		void setDataSource(DataSource dataSource) {
			this.dataSource = dataSource;
			this.jdbc = new JdbcTemplate(dataSource);
		}

		@EventListener
		void on(TableChangeEvent event) {
			if (!event.getTable().equals("src")) {
				return;
			}
			Object transaction = TransactionSynchronizationManager.getResource(this.dataSource);
			for (RowChange change : event.getChanges()) {
				int id = (Integer) change.row().get("id");
				this.jdbc.update("INSERT INTO ledger (src_id, v) VALUES (?, ?)", id, change.row().get("v"));
				this.jdbc.update("INSERT INTO counter (k, n) VALUES (?, 1) ON DUPLICATE KEY UPDATE n = n + 1", id);
				if (id == this.failAtId && this.failuresLeft.getAndDecrement() > 0) {
					throw new IllegalStateException("ledger listener broke on row " + id);
				}
				if (transaction != null) {
					this.rows.computeIfAbsent(transaction, (key) -> new java.util.concurrent.CopyOnWriteArrayList<>())
						.add(id);
				}
			}
		}

		Map<Object, List<Integer>> rowsByTransaction() {
			return this.rows;
		}

	}

}
