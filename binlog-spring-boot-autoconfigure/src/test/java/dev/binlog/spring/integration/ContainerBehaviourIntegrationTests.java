package dev.binlog.spring.integration;

import java.util.concurrent.atomic.AtomicInteger;

import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.spring.container.ContainerStatus;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container's state, reconnects, customizers and its refusal to guess column names.
 */
class ContainerBehaviourIntegrationTests {

	@Test
	void statusReportsConnectionPositionAndLastEvent() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("status");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		AtomicInteger customized = new AtomicInteger();
		BinaryLogClientCustomizer customizer = (client) -> customized.incrementAndGet();
		BinlogContexts.runner(server).withBean(BinaryLogClientCustomizer.class, () -> customizer).run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			ContainerStatus started = container.getStatus();
			assertThat(started.state()).isEqualTo(ContainerState.STREAMING);
			assertThat(started.connected()).isTrue();
			assertThat(started.server()).isEqualTo("127.0.0.1:" + server.port());
			assertThat(started.committedPosition().file()).startsWith("mysql-bin.");
			assertThat(customized).hasValue(1);
			server.execute("INSERT INTO " + schema + ".t VALUES (1)");
			await().atMost(TIMEOUT)
				.until(() -> container.committedPosition().position() > started.committedPosition().position());
			ContainerStatus after = container.getStatus();
			assertThat(after.lastEventTime()).isNotNull();
			assertThat(after.committedPosition().gtidSet()).matches("0-1-\\d+");
			assertThat(after.lastError()).isNull();
		});
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
	void alteredTableWithMinimalMetadataStopsInsteadOfMisaligningColumns() throws Exception {
		// the app was down during the ALTER: the old event no longer fits information_schema
		String error = failAfterAlter("ADD COLUMN b INT AFTER id");
		assertThat(error).contains("Cannot name the columns of ").contains("binlog_row_metadata=FULL");
	}

	@Test
	void changedColumnTypeWithMinimalMetadataStops() throws Exception {
		String error = failAfterAlter("MODIFY a VARCHAR(10)");
		assertThat(error).contains("column 2 ('a') is varchar(10)").contains("LONG in the binlog event");
	}

	private static String failAfterAlter(String alteration) throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);
		String schema = TestServers.uniqueSchema("altered");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, a INT)");
		String position = TestServers.binlogPosition(server);
		server.execute("INSERT INTO " + schema + ".t VALUES (1, 10)", "ALTER TABLE " + schema + ".t " + alteration);
		StringBuilder error = new StringBuilder();
		BinlogContexts.runner(server).withBean(Recorder.class)
			.withPropertyValues("binlog.start-position=" + position, "binlog.include=" + schema + "\\..*")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThat(context.getBean(Recorder.class).changes(schema)).isEmpty();
				assertThat(container.committedPosition().toString()).startsWith(position);
				error.append(container.getStatus().lastError());
			});
		return error.toString();
	}

}
