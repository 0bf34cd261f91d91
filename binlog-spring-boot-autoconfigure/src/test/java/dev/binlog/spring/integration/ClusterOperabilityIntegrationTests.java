package dev.binlog.spring.integration;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.binlog.spring.actuate.BinlogEndpoint;
import dev.binlog.spring.actuate.BinlogHealthIndicator;
import dev.binlog.spring.autoconfigure.BinlogClusterAutoConfiguration;
import dev.binlog.spring.autoconfigure.BinlogEndpointAutoConfiguration;
import dev.binlog.spring.autoconfigure.BinlogHealthContributorAutoConfiguration;
import dev.binlog.spring.autoconfigure.BinlogMetricsAutoConfiguration;
import dev.binlog.spring.cluster.BinlogLeaderCandidate;
import dev.binlog.spring.cluster.BinlogRole;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "What a standby shows": two instances in one JVM elect over a JDBC lock table on the shared MariaDB,
 * and health, {@code /actuator/binlog} and the meters of each show its role, the leader and since when, before and
 * after the leader stops.
 */
class ClusterOperabilityIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void healthEndpointAndMetersShowTheLeaderAndTheStandbyAndFollowAFailover() {
		String schema = TestServers.uniqueSchema("roles");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		ApplicationContextRunner runner = runner(schema);
		runner.withPropertyValues(instance("first")).run((first) -> {
			await().atMost(TIMEOUT).until(() -> role(first) == BinlogRole.LEADER);
			runner.withPropertyValues(instance("second")).run((second) -> {
				// the second instance has joined the election and keeps failing to take the lock
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(second.getBean(BinlogHealthIndicator.class).health(true)
						.getDetails()).containsEntry("leader", "first"));
				Health leaderHealth = first.getBean(BinlogHealthIndicator.class).health(true);
				assertThat(leaderHealth.getStatus()).isEqualTo(Status.UP);
				assertThat(leaderHealth.getDetails()).containsEntry("role", "leader")
					.containsEntry("state", "STREAMING")
					.containsKey("roleSince");
				Health standbyHealth = second.getBean(BinlogHealthIndicator.class).health(true);
				assertThat(standbyHealth.getStatus()).isEqualTo(Status.UP);
				assertThat(standbyHealth.getDetails()).containsEntry("role", "standby")
					.containsEntry("instance", "second")
					.doesNotContainKey("state");

				Map<String, Object> leaderStatus = first.getBean(BinlogEndpoint.class).status();
				assertThat(leaderStatus).containsEntry("role", "leader")
					.containsEntry("instance", "first")
					.containsEntry("leader", "first")
					.containsEntry("state", "STREAMING");
				Instant leaderSince = (Instant) leaderStatus.get("roleSince");
				Map<String, Object> standbyStatus = second.getBean(BinlogEndpoint.class).status();
				assertThat(standbyStatus).containsEntry("role", "standby")
					.containsEntry("instance", "second")
					.containsEntry("leader", "first")
					.containsEntry("state", "STOPPED");
				assertThat((Instant) standbyStatus.get("roleSince")).isBefore(Instant.now());

				assertThat(leaderGauge(first)).isEqualTo(1);
				assertThat(changes(first)).isEqualTo(1);
				assertThat(leaderGauge(second)).isZero();
				assertThat(changes(second)).isZero();

				// a closed context hands out no beans: keep what is read of the first instance afterwards
				MeterRegistry firstMeters = first.getBean(MeterRegistry.class);
				first.close();
				await().atMost(TIMEOUT).until(() -> role(second) == BinlogRole.LEADER);
				Map<String, Object> taken = second.getBean(BinlogEndpoint.class).status();
				assertThat(taken).containsEntry("role", "leader").containsEntry("leader", "second");
				assertThat((Instant) taken.get("roleSince")).isAfter(leaderSince);
				assertThat(leaderGauge(second)).isEqualTo(1);
				assertThat(changes(second)).isEqualTo(1);
				// the first instance stood down when it stopped: a leader and a stand-down
				assertThat(firstMeters.get("binlog.cluster.leadership.changes").functionCounter().count())
					.isEqualTo(2);
				assertThat(firstMeters.get("binlog.cluster.leader").gauge().value()).isZero();
				await().atMost(TIMEOUT).untilAsserted(() -> {
					Health health = second.getBean(BinlogHealthIndicator.class).health(true);
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("role", "leader").containsEntry("state", "STREAMING");
				});
			});
		});
	}

	private ApplicationContextRunner runner(String schema) {
		return BinlogContexts.runner(this.server, schema)
			.withConfiguration(AutoConfigurations.of(BinlogClusterAutoConfiguration.class,
					BinlogHealthContributorAutoConfiguration.class, BinlogEndpointAutoConfiguration.class,
					BinlogMetricsAutoConfiguration.class, MetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("binlog.cluster.enabled=true", "binlog.cluster.jdbc.initialize-schema=always",
					"binlog.cluster.lock-time-to-live=2s", "management.endpoints.web.exposure.include=binlog");
	}

	// each instance its own binlog server id, as separate replicas would have
	private static String[] instance(String name) {
		return new String[] { "binlog.cluster.instance-id=" + name,
				"binlog.server-id=" + ThreadLocalRandom.current().nextInt(1000, 1_000_000) };
	}

	private static BinlogRole role(AssertableApplicationContext context) {
		return context.getBean(BinlogLeaderCandidate.class).role();
	}

	private static double leaderGauge(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get("binlog.cluster.leader").gauge().value();
	}

	private static double changes(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get("binlog.cluster.leadership.changes").functionCounter().count();
	}

}
