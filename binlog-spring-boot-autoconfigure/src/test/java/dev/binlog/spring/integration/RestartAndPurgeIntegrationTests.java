package dev.binlog.spring.integration;

import java.util.List;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Delivery semantics" and "Positions" for a server that goes away or forgets: the stream follows a
 * server restart without loss, and a saved position whose binlog was purged fails the startup unless
 * {@code binlog.position.on-missing} says where to go instead. On a server of its own, as these tests restart it and
 * purge its binlog.
 */
class RestartAndPurgeIntegrationTests {

	private static EmbeddedMariaDb server;

	@BeforeAll
	static void startServer() {
		server = EmbeddedMariaDb.builder().serverId(7).start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void serverRestartIsFollowedWithoutLoss() throws Exception {
		String schema = TestServers.uniqueSchema("restart");
		Workload workload = new Workload(server, schema, 11);
		workload.createTables();
		Replica replica = new Replica();
		runner(schema).withBean(Replica.class, () -> replica).run((context) -> {
			workload.run(20);
			workload.awaitEqual(replica);
			server.restart();
			workload.run(20);
			workload.awaitEqual(replica);
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			assertThat(container.getStatus().reconnects()).isGreaterThanOrEqualTo(1);
			assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
		});
	}

	@Test
	void purgedPositionFailsByDefaultAndFollowsTheChosenPolicyOtherwise() throws Exception {
		String schema = TestServers.uniqueSchema("purged");
		Workload workload = new Workload(server, schema, 13);
		workload.createTables();
		Replica replica = new Replica();
		runner(schema).withBean(Replica.class, () -> replica).run((context) -> {
			workload.run(5);
			workload.awaitEqual(replica);
		});
		// while the application is down, the binlog holding the next changes is purged
		workload.run(5);
		server.execute("FLUSH BINARY LOGS");
		String current = TestServers.queryForString(server, "SHOW MASTER STATUS");
		// the server keeps a file while a dump thread reads it or until its binlog checkpoint is written: retry
		await().atMost(TIMEOUT).until(() -> {
			server.execute("PURGE BINARY LOGS TO '" + current + "'");
			return TestServers.queryForString(server, "SHOW BINARY LOGS").equals(current);
		});

		runner(schema).withBean(Replica.class, () -> replica).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("cannot stream from");
			assertThat(analysis.getAction()).contains("binlog.position.on-missing");
		});

		runner(schema).withBean(Replica.class, () -> replica)
			.withPropertyValues("binlog.position.on-missing=latest")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				await().atMost(TIMEOUT).until(() -> container.getStatus().skippedEvents() == 1);
				workload.run(5);
				server.execute("INSERT INTO " + schema + ".accounts VALUES (1000000, 0, 'marker')");
				// the purged changes are lost by choice; what comes after arrives
				await().atMost(TIMEOUT).until(() -> replica.table("accounts").containsKey(1000000));
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void purgedPositionWithOnMissingEarliestContinuesFromTheOldestBinlogLoggedAndCounted(CapturedOutput output)
			throws Exception {
		String schema = TestServers.uniqueSchema("earliest");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		runner(schema).withBean(Recorder.class).run((context) -> {
			server.execute("INSERT INTO " + schema + ".t VALUES (1)");
			Recorder recorder = context.getBean(Recorder.class);
			await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 1);
		});
		// while the application is down: row 2 in a binlog that is then purged, row 3 in the oldest one left
		server.execute("INSERT INTO " + schema + ".t VALUES (2)", "FLUSH BINARY LOGS");
		String oldest = TestServers.queryForString(server, "SHOW MASTER STATUS");
		server.execute("INSERT INTO " + schema + ".t VALUES (3)");
		await().atMost(TIMEOUT).until(() -> {
			server.execute("PURGE BINARY LOGS TO '" + oldest + "'");
			return TestServers.queryForString(server, "SHOW BINARY LOGS").equals(oldest);
		});

		runner(schema).withBean(Recorder.class)
			.withPropertyValues("binlog.position.on-missing=earliest")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(TIMEOUT).until(() -> insertedIds(recorder, schema).contains(3));
				assertThat(insertedIds(recorder, schema)).containsExactly(3);
				assertThat(container.getStatus().skippedEvents()).isEqualTo(1);
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
				assertThat(output.getOut()).contains("continuing from the earliest position as "
						+ "binlog.position.on-missing says");
			});
	}

	private static List<Object> insertedIds(Recorder recorder, String schema) {
		return recorder.changes(schema)
			.stream()
			.flatMap((event) -> event.getChanges().stream())
			.map((change) -> change.row().get("id"))
			.toList();
	}

	private static ApplicationContextRunner runner(String schema) {
		return BinlogContexts.runner(server, schema).withPropertyValues("binlog.reconnect.give-up-after=1m");
	}

}
