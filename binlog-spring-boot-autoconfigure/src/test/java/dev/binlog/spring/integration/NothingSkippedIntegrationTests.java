package dev.binlog.spring.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TransactionCommitEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.event.EventListener;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The everyday paths that used to lose changes without a word: a first deployment, a listener failing on the first
 * transaction, a position record deleted while running, a stop while a listener is busy, prepared XA transactions,
 * a corrupt saved position; and the faults that used to stop the stream for a false reason.
 */
class NothingSkippedIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void aFirstDeploymentStoppedWhileIdleDeliversWhatWasWrittenWhileItWasDown() throws Exception {
		String schema = TestServers.uniqueSchema("firstrun");
		Workload workload = new Workload(this.server, schema, 7);
		workload.createTables();
		Replica replica = new Replica();
		// started and stopped without a single change: the position it started from is saved all the same
		BinlogContexts.runner(this.server, schema).withBean(Replica.class, () -> replica).run((context) -> {
			assertThat(context.getBean(BinlogListenerContainer.class).getStatus().savedPosition()).isNotNull();
		});
		workload.run(30);
		BinlogContexts.runner(this.server, schema).withBean(Replica.class, () -> replica).run((context) -> {
			workload.awaitEqual(replica);
			workload.run(10);
			workload.awaitEqual(replica);
		});
	}

	@Test
	void aListenerFailingOnTheVeryFirstTransactionLosesNothingOnceFixed() throws Exception {
		String schema = TestServers.uniqueSchema("firstfail");
		Workload workload = new Workload(this.server, schema, 8);
		workload.createTables();
		Replica replica = new Replica();
		Breakable listener = new Breakable();
		listener.broken.set(true);
		BinlogContexts.runner(this.server, schema)
			.withBean(Replica.class, () -> replica)
			.withBean(Breakable.class, () -> listener)
			.withPropertyValues("binlog.listener-failure.action=stop")
			.run((context) -> {
				workload.run(5);
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
			});
		// the listener is fixed and the application started again: from before the failed transaction
		listener.broken.set(false);
		workload.run(5);
		BinlogContexts.runner(this.server, schema)
			.withBean(Replica.class, () -> replica)
			.withBean(Breakable.class, () -> listener)
			.run((context) -> workload.awaitEqual(replica));
	}

	@Test
	void aPositionRecordDeletedWhileRunningIsWrittenAgain() throws Exception {
		String schema = TestServers.uniqueSchema("deleted");
		Workload workload = new Workload(this.server, schema, 9);
		workload.createTables();
		Replica replica = new Replica();
		BinlogContexts.runner(this.server, schema).withBean(Replica.class, () -> replica).run((context) -> {
			workload.run(5);
			workload.awaitEqual(replica);
			this.server.execute("DELETE FROM " + schema + ".binlog_position");
			workload.run(5);
			workload.awaitEqual(replica);
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
		});
		assertThat(TestServers.queryForString(this.server, "SELECT COUNT(*) FROM " + schema + ".binlog_position"))
			.isEqualTo("1");
		workload.run(5);
		BinlogContexts.runner(this.server, schema)
			.withBean(Replica.class, () -> replica)
			.run((context) -> workload.awaitEqual(replica));
	}

	@Test
	void aStopWhileAListenerIsBusyReturnsAfterTheShutdownTimeoutWithTheCommittedPositionSaved() throws Exception {
		String schema = TestServers.uniqueSchema("slowstop");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		Slow slow = new Slow();
		Recorder recorder = new Recorder();
		try {
			BinlogContexts.runner(this.server, schema)
				.withBean(Slow.class, () -> slow)
				.withBean(Recorder.class, () -> recorder)
				.withPropertyValues("binlog.shutdown-timeout=500ms")
				.run((context) -> {
					BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
					this.server.execute("INSERT INTO " + schema + ".t VALUES (1)");
					await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 1);
					BinlogContexts.awaitCaughtUp(container);
					BinlogPosition beforeTheSlowTransaction = container.committedPosition();
					this.server.execute("INSERT INTO " + schema + ".t VALUES (2)");
					assertThat(slow.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
					long started = System.nanoTime();
					container.stop();
					// bounded by the shutdown timeout, not by the listener (which waits for a minute)
					assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
					assertThat(container.getStatus().savedPosition()).isEqualTo(beforeTheSlowTransaction);
				});
		}
		finally {
			slow.release.countDown();
		}
		this.server.execute("INSERT INTO " + schema + ".t VALUES (3)");
		Recorder again = new Recorder();
		BinlogContexts.runner(this.server, schema).withBean(Recorder.class, () -> again).run((context) -> {
			await().atMost(TIMEOUT).until(() -> again.changes(schema).size() == 2);
			assertThat(again.changes(schema)).extracting((event) -> event.getChanges().get(0).row().get("id"))
				.containsExactly(2, 3);
		});
	}

	@Test
	void aPreparedXaTransactionIsDeliveredOnlyWhenCommittedAndNeverWhenRolledBack() throws Exception {
		String schema = TestServers.uniqueSchema("xaroll");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v INT)");
		Replica replica = new Replica();
		Commits commits = new Commits();
		BinlogContexts.runner(this.server, schema)
			.withBean(Replica.class, () -> replica)
			.withBean(Commits.class, () -> commits)
			.run((context) -> {
				String t = schema + ".t";
				this.server.execute("XA START 'gone'", "INSERT INTO " + t + " VALUES (100, 1)", "XA END 'gone'",
						"XA PREPARE 'gone'");
				this.server.execute("INSERT INTO " + t + " VALUES (1, 1)");
				this.server.execute("XA ROLLBACK 'gone'");
				this.server.execute("XA START 'kept'", "INSERT INTO " + t + " VALUES (200, 2)",
						"UPDATE " + t + " SET v = 5 WHERE id = 1", "XA END 'kept'", "XA PREPARE 'kept'");
				this.server.execute("XA COMMIT 'kept'");
				this.server.execute("XA START 'quick'", "INSERT INTO " + t + " VALUES (300, 3)", "XA END 'quick'",
						"XA COMMIT 'quick' ONE PHASE");
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(replica.table("t"))
						.isEqualTo(Replica.select(this.server, schema, "t", List.of("id", "v"))));
				assertThat(replica.table("t")).doesNotContainKey(100).containsKeys(1, 200, 300);
				// one commit event each for the plain insert, the committed XA and the one-phase XA
				await().atMost(TIMEOUT).until(() -> commits.count() == 3);
			});
	}

	@Test
	void aCorruptSavedPositionStopsTheStartNamingTheRecord() {
		String schema = TestServers.uniqueSchema("corrupt");
		this.server.execute("CREATE DATABASE " + schema);
		BinlogContexts.runner(this.server, schema).run((context) -> assertThat(context).hasNotFailed());
		this.server.execute("UPDATE " + schema + ".binlog_position SET binlog_position = 0, gtid_set = NULL");
		BinlogContexts.runner(this.server, schema).run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("'default'").contains("binlog_position").contains("offset 0");
			assertThat(analysis.getAction()).contains("binlog.start-position");
		});
		this.server.execute("UPDATE " + schema + ".binlog_position SET binlog_position = 4, gtid_set = '0-1-x'");
		BinlogContexts.runner(this.server, schema).run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("'0-1-x' does not parse");
		});
		this.server.execute("UPDATE " + schema + ".binlog_position SET binlog_file = '', binlog_position = 4, "
				+ "gtid_set = NULL");
		BinlogContexts.runner(this.server, schema).run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("'default'")
				.contains("binlog_position")
				.contains("neither a binlog file nor a GTID set");
			assertThat(analysis.getAction()).contains("binlog.start-position");
		});
	}

	@Test
	void connectionsDroppedAgainAndAgainAreReestablishedQuicklyWithoutBlamingTheServerId() {
		String schema = TestServers.uniqueSchema("drops");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(this.server).withBean(Recorder.class).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			Recorder recorder = context.getBean(Recorder.class);
			for (int drop = 1; drop <= 6; drop++) {
				assertThat(this.server.killBinlogConnections()).isPositive();
				long reconnects = drop;
				// each drop follows a connection that streamed, so the backoff starts again at 1 s every time
				await().atMost(Duration.ofSeconds(10))
					.until(() -> container.getStatus().reconnects() == reconnects && container.getStatus().connected());
			}
			assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			this.server.execute("INSERT INTO " + schema + ".t VALUES (1)");
			await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 1);
		});
	}

	@Test
	void anUnexpectedErrorOnTheBinlogThreadFailsTheContainerInsteadOfLeavingAHealthyStatus() {
		AtomicBoolean broken = new AtomicBoolean();
		BinaryLogClientCustomizer customizer = (client) -> {
			if (broken.get()) {
				throw new IllegalStateException("customizer broke");
			}
		};
		BinlogContexts.runner(this.server).withBean(BinaryLogClientCustomizer.class, () -> customizer).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			broken.set(true);
			assertThat(this.server.killBinlogConnections()).isPositive();
			await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
			assertThat(container.getStatus().lastError()).contains("customizer broke");
		});
	}

	@Test
	void aPositionDatabaseThatIsDownAtStartupIsReportedWithWhatToCheck() {
		BinlogContexts.runner(this.server)
			.withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations
				.of(org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:mariadb://127.0.0.1:1/positions",
					"spring.datasource.username=app", "spring.datasource.password=app-secret",
					"spring.datasource.hikari.connection-timeout=1000", "binlog.position.initialize-schema=never",
					"binlog.position.store=jdbc")
			.run((context) -> {
				FailureAnalysis analysis = BinlogContexts.analyze(context);
				assertThat(analysis.getDescription()).contains("Cannot read the saved binlog position 'default'");
				assertThat(analysis.getAction()).contains("DataSource");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("app-secret");
			});
	}

	@Test
	void aServerIdEqualToTheServersOwnIsRefusedNamingTheProperty() {
		BinlogContexts.runner(this.server).withPropertyValues("binlog.server-id=1").run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("binlog.server-id is 1");
			assertThat(analysis.getAction()).contains("binlog.server-id");
		});
	}

	static class Breakable {

		final AtomicBoolean broken = new AtomicBoolean();

		@EventListener
		void on(TableChangeEvent event) {
			if (this.broken.get()) {
				throw new IllegalStateException("listener broke");
			}
		}

	}

	static class Slow {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@EventListener
		void on(TableChangeEvent event) throws InterruptedException {
			if (event.getChanges().get(0).row().get("id").equals(2) && this.entered.getCount() > 0) {
				this.entered.countDown();
				this.release.await(1, TimeUnit.MINUTES);
			}
		}

	}

	static class Commits {

		private final List<TransactionCommitEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(TransactionCommitEvent event) {
			this.events.add(event);
		}

		int count() {
			return this.events.size();
		}

	}

}
