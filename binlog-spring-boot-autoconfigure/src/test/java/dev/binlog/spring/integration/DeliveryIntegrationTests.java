package dev.binlog.spring.integration;

import java.util.concurrent.atomic.AtomicInteger;

import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableWriteEvent;
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
 * The README's "Delivery semantics": at least once, at transaction boundaries. A copy built from the events equals
 * the source across a graceful restart without duplicates and across lost connections, also in the middle of a
 * large transaction; rolled back work publishes nothing, and an XA transaction is delivered once.
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
	void killedConnectionIsReestablishedWithoutLosingRows() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("reconnect");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(server).withBean(Recorder.class).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			Recorder recorder = context.getBean(Recorder.class);
			server.execute("INSERT INTO " + schema + ".t VALUES (1)");
			await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 1);
			assertThat(server.killBinlogConnections()).isPositive();
			server.execute("INSERT INTO " + schema + ".t VALUES (2)");
			await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() >= 2);
			assertThat(container.getStatus().reconnects()).isEqualTo(1);
			assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			assertThat(recorder.changes(schema)).extracting((event) -> ((TableWriteEvent) event).getRows().get(0).get("id"))
				.containsExactly(1, 2);
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
			// a prepared transaction may still be rolled back: it is delivered when its outcome is known
			BinlogContexts.awaitRead(context.getBean(BinlogListenerContainer.class));
			assertThat(recorder.changes(schema)).isEmpty();
		});
		// the application is down between XA PREPARE and XA COMMIT
		this.server.execute("XA COMMIT 'one'", "INSERT INTO " + schema + ".t VALUES (2)");
		BinlogContexts.runner(this.server, schema).withBean(Recorder.class, () -> recorder).run((context) -> {
			await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 2);
			assertThat(recorder.changes(schema)).extracting((event) -> event.getChanges().get(0).row().get("id"))
				.containsExactly(1, 2);
		});
	}

}
