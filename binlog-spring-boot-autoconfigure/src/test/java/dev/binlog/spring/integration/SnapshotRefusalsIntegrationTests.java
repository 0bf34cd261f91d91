package dev.binlog.spring.integration;

import java.util.concurrent.atomic.AtomicInteger;

import dev.binlog.spring.TableSnapshotCompletedEvent;
import dev.binlog.spring.TableSnapshotEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What a snapshot promises besides its rows: write listeners never see them, a listener failure on them stops the
 * container, and a snapshot that could not give every key's current state (a table without a key, a server that
 * does not write full row images) is refused up front, naming what to change, while the stream goes on.
 */
class SnapshotRefusalsIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void writeListenersNeverSeeSnapshotRows() throws Exception {
		String schema = createSchema("snapwrites", "CREATE TABLE t (id INT PRIMARY KEY)");
		this.server.execute("USE " + schema, "INSERT INTO " + schema + ".t SELECT seq FROM seq_1_to_30");
		Listeners listeners = new Listeners();
		BinlogContexts.runner(this.server, schema).withBean(Listeners.class, () -> listeners).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			container.snapshots().snapshot(schema, "t", null);
			await().atMost(TIMEOUT).until(() -> listeners.completed.get() == 1);
			assertThat(listeners.snapshotRows.get()).isEqualTo(30);
			this.server.execute("INSERT INTO " + schema + ".t VALUES (31)");
			await().atMost(TIMEOUT).until(() -> listeners.writtenRows.get() == 1);
			BinlogContexts.awaitCaughtUp(container);
			// only the inserted row: the 30 snapshot rows went to snapshot listeners alone
			assertThat(listeners.writtenRows.get()).isEqualTo(1);
		});
	}

	@Test
	void aListenerFailureOnASnapshotEventStopsTheContainer() throws Exception {
		String schema = createSchema("snapfail", "CREATE TABLE t (id INT PRIMARY KEY)");
		this.server.execute("USE " + schema, "INSERT INTO " + schema + ".t SELECT seq FROM seq_1_to_5");
		Listeners listeners = new Listeners();
		listeners.failOnSnapshot = true;
		BinlogContexts.runner(this.server, schema).withBean(Listeners.class, () -> listeners).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			container.snapshots().snapshot(schema, "t", null);
			await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
			assertThat(container.getStatus().lastError()).contains("snapshot listener failed on purpose");
		});
	}

	@Test
	void aTableWithoutAKeyIsRefusedNamingItAndTheStreamGoesOn() throws Exception {
		String schema = createSchema("snapnokey", "CREATE TABLE nokey (a INT, b INT)", "CREATE TABLE t (id INT PRIMARY KEY)");
		Listeners listeners = new Listeners();
		BinlogContexts.runner(this.server, schema).withBean(Listeners.class, () -> listeners).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			assertThatExceptionOfType(BinlogStreamException.class)
				.isThrownBy(() -> container.snapshots().snapshot(schema, "nokey", null))
				.withMessageContaining("Cannot snapshot " + schema + ".nokey")
				.withMessageContaining("no primary key and no unique key of NOT NULL columns");
			assertThat(container.snapshots().isActive()).isFalse();
			this.server.execute("INSERT INTO " + schema + ".t VALUES (1)");
			await().atMost(TIMEOUT).until(() -> listeners.writtenRows.get() == 1);
			assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
		});
	}

	@Test
	void initialModeWithAKeylessCapturedTableFailsTheStartNamingIt() throws Exception {
		String schema = createSchema("snapinitnokey", "CREATE TABLE a (id INT PRIMARY KEY)", "CREATE TABLE b (v INT)");
		Listeners listeners = new Listeners();
		ApplicationContextRunner runner = BinlogContexts.runner(this.server, schema)
			.withPropertyValues("binlog.snapshot.mode=initial")
			.withBean(Listeners.class, () -> listeners);
		runner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("Cannot snapshot " + schema + ".b");
		});
		// the refused start saved no position: once the table has a key, the next start is still a first one
		assertThat(TestServers.queryForString(this.server, "SELECT COUNT(*) FROM " + schema + ".binlog_position"))
			.isEqualTo("0");
		this.server.execute("ALTER TABLE " + schema + ".b MODIFY v INT NOT NULL, ADD PRIMARY KEY (v)");
		runner.run((context) -> await().atMost(TIMEOUT).until(() -> listeners.completed.get() == 2));
	}

	@Test
	void snapshotsAreRefusedWithTransactionalDelivery() throws Exception {
		String schema = createSchema("snaptx", "CREATE TABLE t (id INT PRIMARY KEY)");
		BinlogContexts.runner(this.server, schema)
			.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class))
			.withPropertyValues("binlog.delivery.mode=transactional")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				assertThatExceptionOfType(BinlogStreamException.class)
					.isThrownBy(() -> container.snapshots().snapshot(schema, "t", null))
					.withMessageContaining("binlog.delivery.mode=transactional");
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			});
	}

	@Test
	void withoutFullRowImagesASnapshotIsRefusedNamingTheSetting() throws Exception {
		try (EmbeddedMariaDb minimal = EmbeddedMariaDb.builder().rowImage("MINIMAL").start()) {
			String schema = TestServers.uniqueSchema("snapminimal");
			minimal.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v INT)");
			BinlogContexts.runner(minimal, schema).run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				assertThatExceptionOfType(BinlogStreamException.class)
					.isThrownBy(() -> container.snapshots().snapshot(schema, "t", null))
					.withMessageContaining("binlog_row_image=FULL")
					.withMessageContaining("MINIMAL");
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			});
			BinlogContexts.runner(minimal, schema)
				.withPropertyValues("binlog.snapshot.mode=initial", "binlog.position.name=initial")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("binlog_row_image=FULL");
				});
		}
	}

	private String createSchema(String prefix, String... tables) {
		String schema = TestServers.uniqueSchema(prefix);
		this.server.execute("CREATE DATABASE " + schema);
		for (String table : tables) {
			this.server.execute("USE " + schema, table);
		}
		return schema;
	}

	static class Listeners {

		final AtomicInteger writtenRows = new AtomicInteger();

		final AtomicInteger snapshotRows = new AtomicInteger();

		final AtomicInteger completed = new AtomicInteger();

		volatile boolean failOnSnapshot;

		@EventListener
		void written(TableWriteEvent event) {
			this.writtenRows.addAndGet(event.size());
		}

		@EventListener
		void snapshot(TableSnapshotEvent event) {
			if (this.failOnSnapshot) {
				throw new IllegalStateException("snapshot listener failed on purpose");
			}
			this.snapshotRows.addAndGet(event.size());
		}

		@EventListener
		void completed(TableSnapshotCompletedEvent event) {
			this.completed.incrementAndGet();
		}

	}

}
