package dev.binlog.spring.integration;

import java.time.Duration;

import javax.sql.DataSource;

import dev.binlog.spring.autoconfigure.BinlogDataSource;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Positions": the saved position lives in a JDBC table, in the watched database without feeding its
 * own writes back, or in another database; one record has one writer.
 */
class SavedPositionIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void positionWritesInTheWatchedDatabaseDoNotFeedBack() throws Exception {
		String schema = TestServers.uniqueSchema("quiet");
		Workload workload = new Workload(this.server, schema, 7);
		workload.createTables();
		Replica replica = new Replica();
		runner(schema).withBean(Replica.class, () -> replica)
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
	void positionsInASeparateDatabaseSurviveARestart() throws Exception {
		String schema = TestServers.uniqueSchema("separate");
		Workload workload = new Workload(this.server, schema, 17);
		workload.createTables();
		DriverManagerDataSource h2 = new DriverManagerDataSource("jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1");
		Replica replica = new Replica();
		ApplicationContextRunner runner = BinlogContexts.runner(this.server)
			.withUserConfiguration(PositionsDataSource.class)
			.withBean(Replica.class, () -> replica)
			.withPropertyValues("positions.url=" + h2.getUrl(), "binlog.include=" + schema + "\\..*",
					"binlog.position.flush-interval=0", "binlog.position.store=jdbc");
		runner.run((context) -> {
			workload.run(10);
			workload.awaitEqual(replica);
		});
		String saved = new JdbcTemplate(h2).queryForObject("SELECT gtid_set FROM binlog_position WHERE name = 'default'",
				String.class);
		assertThat(saved).isEqualTo(TestServers.queryForString(this.server, "SELECT @@gtid_binlog_pos"));
		workload.run(10);
		runner.run((context) -> workload.awaitEqual(replica));
		assertThat(replica.duplicatedTransactions()).isZero();
	}

	@Test
	void twoContainersCannotBothAdvanceOneRecord() throws Exception {
		String schema = TestServers.uniqueSchema("shared");
		Workload workload = new Workload(this.server, schema, 19);
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

	// each call gives the container a server id of its own
	private ApplicationContextRunner runner(String schema) {
		return BinlogContexts.runner(this.server, schema);
	}

	// 0-1-42 -> 42 (one GTID domain on the test servers)
	private static long sequence(String gtid) {
		return Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1));
	}

}
