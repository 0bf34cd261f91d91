package dev.binlog.spring.integration;

import java.util.Map;

import dev.binlog.spring.actuate.BinlogEndpoint;
import dev.binlog.spring.actuate.BinlogHealthIndicator;
import dev.binlog.spring.autoconfigure.BinlogEndpointAutoConfiguration;
import dev.binlog.spring.autoconfigure.BinlogHealthContributorAutoConfiguration;
import dev.binlog.spring.autoconfigure.BinlogMetricsAutoConfiguration;
import dev.binlog.spring.integration.SnapshotIntegrationTests.Snapshots;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshots through the actuator endpoint ({@code snapshot} with tables and a {@code WHERE} condition, behind
 * {@code binlog.endpoint.snapshot-enabled}), the {@code binlog.snapshot.*} meters and the progress in health details
 * and {@code /actuator/binlog}.
 */
class SnapshotOperabilityIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void endpointSnapshotsNamedTablesWithAConditionAndMetersHealthAndStatusShowTheProgress() throws Exception {
		String schema = TestServers.uniqueSchema("snapops");
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema,
				"CREATE TABLE " + schema + ".a (id INT PRIMARY KEY, v INT)",
				"CREATE TABLE " + schema + ".b (id INT PRIMARY KEY, v INT)",
				"INSERT INTO " + schema + ".a SELECT seq, seq FROM seq_1_to_50",
				"INSERT INTO " + schema + ".b SELECT seq, seq FROM seq_1_to_50");
		Snapshots snapshots = new Snapshots();
		runner(schema).withPropertyValues("binlog.endpoint.snapshot-enabled=true")
			.withBean(Snapshots.class, () -> snapshots)
			.run((context) -> {
				BinlogEndpoint endpoint = context.getBean(BinlogEndpoint.class);
				WebEndpointResponse<Map<String, Object>> response = endpoint.control("snapshot", null,
						schema + ".a, " + schema + ".b", "id <= 20");
				assertThat(response.getStatus()).as("%s", response.getBody()).isEqualTo(200);
				await().atMost(TIMEOUT).until(() -> snapshots.completed.size() == 2);
				assertThat(snapshots.completed).containsEntry("a", 20L).containsEntry("b", 20L);

				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(registry.get("binlog.snapshot.tables.done").functionCounter().count())
						.isEqualTo(2));
				assertThat(registry.get("binlog.snapshot.rows.read").functionCounter().count()).isEqualTo(40);
				assertThat(registry.get("binlog.snapshot.tables.remaining").gauge().value()).isZero();
				// chunks of 7: three per table
				assertThat(registry.get("binlog.snapshot.chunk.duration").functionTimer().count()).isEqualTo(6);
				assertThat(registry.get("binlog.snapshot.chunk.duration").functionTimer().totalTime(
						java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();

				Map<String, Object> expected = Map.of("remainingTables", 0, "tablesDone", 2L, "rowsRead", 40L);
				assertThat(endpoint.status().get("snapshots")).isEqualTo(expected);
				assertThat(context.getBean(BinlogHealthIndicator.class).health(true).getDetails().get("snapshots"))
					.isEqualTo(expected);
			});
	}

	@Test
	void endpointSnapshotIsRefusedUnlessEnabledAndRefusesBadTableNamesBeforeAskingForAnyTable() throws Exception {
		String schema = TestServers.uniqueSchema("snapopsoff");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".a (id INT PRIMARY KEY)");
		runner(schema).run((context) -> {
			WebEndpointResponse<Map<String, Object>> disabled = context.getBean(BinlogEndpoint.class)
				.control("snapshot", null, schema + ".a", null);
			assertThat(disabled.getStatus()).isEqualTo(400);
			assertThat(disabled.getBody().get("message").toString()).contains("binlog.endpoint.snapshot-enabled=true");
		});
		runner(schema).withPropertyValues("binlog.endpoint.snapshot-enabled=true").run((context) -> {
			BinlogEndpoint endpoint = context.getBean(BinlogEndpoint.class);
			WebEndpointResponse<Map<String, Object>> bad = endpoint.control("snapshot", null, schema + ".a, nodot",
					null);
			assertThat(bad.getStatus()).isEqualTo(400);
			assertThat(bad.getBody().get("message").toString()).contains("'nodot' is not a schema.table name");
			WebEndpointResponse<Map<String, Object>> none = endpoint.control("snapshot", null, null, null);
			assertThat(none.getStatus()).isEqualTo(400);
			assertThat(none.getBody().get("message").toString()).contains("No tables given");
			assertThat(endpoint.status().get("snapshots"))
				.isEqualTo(Map.of("remainingTables", 0, "tablesDone", 0L, "rowsRead", 0L));
		});
	}

	private ApplicationContextRunner runner(String schema) {
		return BinlogContexts.runner(this.server, schema)
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					BinlogHealthContributorAutoConfiguration.class, BinlogMetricsAutoConfiguration.class,
					BinlogEndpointAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("binlog.snapshot.chunk-size=7", "management.endpoints.web.exposure.include=binlog");
	}

}
