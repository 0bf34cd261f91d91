package dev.binlog.spring.integration;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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

	private static ApplicationContextRunner runner(String schema) {
		return BinlogContexts.runner(server, schema).withPropertyValues("binlog.reconnect.give-up-after=1m");
	}

}
