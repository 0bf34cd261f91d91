package dev.binlog.spring.integration;


import javax.sql.DataSource;

import dev.binlog.spring.autoconfigure.BinlogDataSource;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server restarts, purged binlogs, positions in another database and two containers on one position record, on a
 * server of its own (these tests restart and purge it).
 */
class RecoveryIntegrationTests {

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
	void positionsInASeparateDatabaseSurviveARestart() throws Exception {
		String schema = TestServers.uniqueSchema("separate");
		Workload workload = new Workload(server, schema, 17);
		workload.createTables();
		DriverManagerDataSource h2 = new DriverManagerDataSource("jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1");
		Replica replica = new Replica();
		ApplicationContextRunner runner = BinlogContexts.runner(server)
			.withUserConfiguration(PositionsDataSource.class)
			.withBean(Replica.class, () -> replica)
			.withPropertyValues("positions.url=" + h2.getUrl(), "binlog.include=" + schema + "\\..*",
					"binlog.position.flush-interval=0");
		runner.run((context) -> {
			workload.run(10);
			workload.awaitEqual(replica);
		});
		String saved = new JdbcTemplate(h2).queryForObject("SELECT gtid_set FROM binlog_position WHERE name = 'default'",
				String.class);
		assertThat(saved).isEqualTo(TestServers.queryForString(server, "SELECT @@gtid_binlog_pos"));
		workload.run(10);
		runner.run((context) -> workload.awaitEqual(replica));
		assertThat(replica.duplicatedTransactions()).isZero();
	}

	@Test
	void twoContainersCannotBothAdvanceOneRecord() throws Exception {
		String schema = TestServers.uniqueSchema("shared");
		Workload workload = new Workload(server, schema, 19);
		workload.createTables();
		runner(schema).run((first) -> runner(schema).run((second) -> {
			workload.run(3);
			BinlogListenerContainer one = first.getBean(BinlogListenerContainer.class);
			BinlogListenerContainer two = second.getBean(BinlogListenerContainer.class);
			BinlogListenerContainer failed = BinlogContexts.awaitEitherFailed(one, two);
			BinlogListenerContainer other = (failed == one) ? two : one;
			assertThat(failed.getStatus().lastError()).contains("must not share a position record");
			assertThat(other.getStatus().state()).isEqualTo(ContainerState.STREAMING);
		}));
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class PositionsDataSource {

		@org.springframework.context.annotation.Bean
		@BinlogDataSource
		DataSource positions(@org.springframework.beans.factory.annotation.Value("${positions.url}") String url) {
			return new DriverManagerDataSource(url);
		}

	}

	private static ApplicationContextRunner runner(String schema) {
		return BinlogContexts.runner(server, schema).withPropertyValues("binlog.reconnect.give-up-after=1m");
	}

}
