package dev.binlog.spring.integration;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.context.event.EventListener;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once delivery with positions saved in a JDBC table in the watched database: a copy built from the
 * events equals the source after restarts, lost connections and failing listeners.
 */
class DeliveryIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void copyEqualsSourceAcrossAGracefulRestartWithoutDuplicates() throws Exception {
		String schema = TestServers.uniqueSchema("replica");
		Workload workload = new Workload(this.server, schema, 42);
		workload.createTables();
		Replica replica = new Replica();
		BinlogContexts.runner(this.server, schema).withBean(Replica.class, () -> replica).run((context) -> {
			workload.run(60);
			workload.awaitEqual(replica);
		});
		// written while the application is down: the saved position picks them up
		workload.run(60);
		BinlogContexts.runner(this.server, schema).withBean(Replica.class, () -> replica).run((context) -> {
			workload.awaitEqual(replica);
			workload.run(20);
			workload.awaitEqual(replica);
			assertThat(context.getBean(BinlogListenerContainer.class).getStatus().savedPosition()).isNotNull();
		});
		assertThat(replica.duplicatedTransactions()).isZero();
	}

	@Test
	void positionWritesInTheWatchedDatabaseDoNotFeedBack() throws Exception {
		String schema = TestServers.uniqueSchema("quiet");
		Workload workload = new Workload(this.server, schema, 7);
		workload.createTables();
		Replica replica = new Replica();
		BinlogContexts.runner(this.server, schema).withBean(Replica.class, () -> replica)
			.withPropertyValues("binlog.position.flush-interval=100ms")
			.run((context) -> {
				workload.run(30);
				workload.awaitEqual(replica);
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				long lastWorkloadTransaction = sequence(replica.lastGtid());
				// the save that covers the workload has happened, and with it the last write of the position table
				await().atMost(TIMEOUT)
					.until(() -> container.getStatus().savedPosition() != null
							&& sequence(container.getStatus().savedPosition().gtidSet()) >= lastWorkloadTransaction);
				await().atMost(TIMEOUT).until(() -> container.committedPosition().equals(container.getStatus().currentPosition()));
				String end = TestServers.binlogPosition(this.server);
				// ten flush intervals without a single new event on the server
				await().during(Duration.ofSeconds(1))
					.atMost(Duration.ofSeconds(3))
					.until(() -> TestServers.binlogPosition(this.server).equals(end));
				assertThat(replica.table("binlog_position")).isEmpty();
			});
	}

	@Test
	void killedConnectionDuringALargeTransactionLosesNothing() throws Exception {
		String schema = TestServers.uniqueSchema("large");
		this.server.execute("CREATE DATABASE " + schema,
				"CREATE TABLE " + schema + ".accounts (id INT PRIMARY KEY, balance DECIMAL(12,2), owner VARCHAR(40))");
		Replica replica = new Replica();
		AtomicInteger kills = new AtomicInteger();
		Object killer = new Object() {

			@EventListener
			void killOnce(TableChangeEvent event) throws Exception {
				// the first rows event of the large transaction: the rest of it is still on the wire
				if (kills.getAndIncrement() == 0) {
					assertThat(DeliveryIntegrationTests.this.server.killBinlogConnections()).isPositive();
				}
			}

		};
		// a small receive buffer, so that most of the transaction is still on the server when the connection dies
		BinaryLogClientCustomizer smallBuffer = (client) -> client.setSocketFactory(() -> {
			java.net.Socket socket = new java.net.Socket();
			socket.setReceiveBufferSize(16 * 1024);
			socket.setSoTimeout(60_000);
			return socket;
		});
		BinlogContexts.runner(this.server, schema)
			.withBean(Replica.class, () -> replica)
			.withBean("killer", Object.class, () -> killer)
			.withBean(BinaryLogClientCustomizer.class, () -> smallBuffer)
			.run((context) -> {
				this.server.execute("BEGIN",
						"INSERT INTO " + schema + ".accounts SELECT seq, seq / 100, CONCAT('owner ', seq) FROM " + schema + ".seq_1_to_300000",
						"COMMIT");
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(replica.table("accounts"))
						.isEqualTo(Replica.select(this.server, schema, "accounts", Workload.ACCOUNT_COLUMNS)));
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				assertThat(container.getStatus().reconnects()).isEqualTo(1);
				// the interrupted transaction came again from its start, and committed once
				assertThat(replica.deliveredRows()).isGreaterThan(300000);
				assertThat(replica.duplicatedTransactions()).isZero();
			});
	}

	@Test
	void listenerFailingTwiceIsRetriedAndDeliversEverything() throws Exception {
		String schema = TestServers.uniqueSchema("flaky");
		Workload workload = new Workload(this.server, schema, 3);
		workload.createTables();
		Replica replica = new Replica();
		FlakyListener flaky = new FlakyListener(2);
		BinlogContexts.runner(this.server, schema).withBean(Replica.class, () -> replica)
			.withBean(FlakyListener.class, () -> flaky)
			.withPropertyValues("binlog.listener-failure.max-attempts=3", "binlog.listener-failure.backoff=50ms")
			.run((context) -> {
				workload.run(10);
				workload.awaitEqual(replica);
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				assertThat(container.getStatus().listenerFailures()).isEqualTo(2);
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
				assertThat(flaky.calls.get()).isGreaterThan(2);
			});
	}

	@Test
	void listenerFailingOnEveryAttemptStopsBeforeTheTransaction() throws Exception {
		String schema = TestServers.uniqueSchema("broken");
		Workload workload = new Workload(this.server, schema, 5);
		workload.createTables();
		FlakyListener broken = new FlakyListener(Integer.MAX_VALUE);
		BinlogContexts.runner(this.server, schema).withBean(FlakyListener.class, () -> broken)
			.withPropertyValues("binlog.listener-failure.max-attempts=2", "binlog.listener-failure.backoff=50ms")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				var before = container.committedPosition();
				workload.run(1);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThat(container.getStatus().lastError()).contains("failed 2 times");
				assertThat(container.committedPosition()).isEqualTo(before);
				assertThat(broken.calls.get()).isEqualTo(2);
			});
	}

	@Test
	void skipPolicyCountsTheSkippedEventAndGoesOn() throws Exception {
		String schema = TestServers.uniqueSchema("skip");
		Workload workload = new Workload(this.server, schema, 9);
		workload.createTables();
		FlakyListener once = new FlakyListener(1);
		Replica replica = new Replica();
		BinlogContexts.runner(this.server, schema).withBean(FlakyListener.class, () -> once)
			.withBean(Replica.class, () -> replica)
			.withPropertyValues("binlog.listener-failure.action=skip")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				workload.run(5);
				await().atMost(TIMEOUT).until(() -> once.calls.get() >= 5);
				assertThat(container.getStatus().skippedEvents()).isEqualTo(1);
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			});
	}

	@Test
	void rolledBackWorkPublishesNothing() {
		String schema = TestServers.uniqueSchema("rollback");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		Recorder recorder = new Recorder();
		BinlogContexts.runner(this.server, schema).withBean(Recorder.class, () -> recorder).run((context) -> {
			this.server.execute("BEGIN", "INSERT INTO " + schema + ".t VALUES (1)", "ROLLBACK");
			this.server.execute("BEGIN", "INSERT INTO " + schema + ".t VALUES (2)", "SAVEPOINT s",
					"INSERT INTO " + schema + ".t VALUES (3)", "ROLLBACK TO SAVEPOINT s", "COMMIT");
			this.server.execute("INSERT INTO " + schema + ".t VALUES (4)");
			await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 2);
			assertThat(recorder.changes(schema)).extracting((event) -> event.getChanges().get(0).row().get("id"))
				.containsExactly(2, 4);
		});
	}

	@Test
	void xaTransactionIsDeliveredOnceAndARestartAfterPrepareSkipsNothing() {
		String schema = TestServers.uniqueSchema("xa");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		Recorder recorder = new Recorder();
		BinlogContexts.runner(this.server, schema).withBean(Recorder.class, () -> recorder).run((context) -> {
			this.server.execute("XA START 'one'", "INSERT INTO " + schema + ".t VALUES (1)", "XA END 'one'",
					"XA PREPARE 'one'");
			await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 1);
		});
		// the application is down between XA PREPARE and XA COMMIT
		this.server.execute("XA COMMIT 'one'", "INSERT INTO " + schema + ".t VALUES (2)");
		BinlogContexts.runner(this.server, schema).withBean(Recorder.class, () -> recorder).run((context) -> {
			await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 2);
			assertThat(recorder.changes(schema)).extracting((event) -> event.getChanges().get(0).row().get("id"))
				.containsExactly(1, 2);
		});
	}

	// 0-1-42 -> 42 (one GTID domain on the test servers)
	private static long sequence(String gtid) {
		return Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1));
	}

	/**
	 * Throws on its first {@code failures} calls.
	 */
	static class FlakyListener {

		private final int failures;

		final AtomicInteger calls = new AtomicInteger();

		FlakyListener(int failures) {
			this.failures = failures;
		}

		@EventListener
		void on(TableChangeEvent event) {
			if (this.calls.incrementAndGet() <= this.failures) {
				throw new IllegalStateException("flaky listener, call " + this.calls.get());
			}
		}

	}

}
