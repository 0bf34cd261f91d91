package dev.binlog.spring.integration;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.actuate.BinlogHealthIndicator;
import dev.binlog.spring.autoconfigure.BinlogHealthContributorAutoConfiguration;
import dev.binlog.spring.autoconfigure.BinlogMetricsAutoConfiguration;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.spring.container.ContainerStatus;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Health, metrics and the actuator endpoint" against real servers: the container's status, health
 * with a stopped server, a blocked listener and two clients sharing one server id, and the meters of a known
 * workload. The endpoint over HTTP is {@link EndpointWebIntegrationTests}.
 */
class HealthAndMetricsIntegrationTests {

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
	void healthGoesDownWhileTheServerIsStoppedAndUpWhenItReturns() {
		try (EmbeddedMariaDb server = EmbeddedMariaDb.builder().serverId(9).start()) {
			runner(server).withPropertyValues("binlog.health.disconnected-threshold=1s",
					"binlog.reconnect.give-up-after=0").run((context) -> {
						BinlogHealthIndicator health = context.getBean(BinlogHealthIndicator.class);
						assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
						assertThat(health.health(true).getDetails()).containsEntry("state", "STREAMING")
							.containsEntry("server", "127.0.0.1:" + server.port())
							.containsKeys("position", "lastEventTime");
						server.stop();
						await().atMost(TIMEOUT).untilAsserted(() -> {
							Health down = health.health(true);
							assertThat(down.getStatus()).isEqualTo(Status.DOWN);
							assertThat(down.getDetails().get("reason").toString()).startsWith("disconnected for");
						});
						server.restart();
						await().atMost(TIMEOUT).until(() -> health.health(true).getStatus().equals(Status.UP));
						assertThat(context.getBean(BinlogListenerContainer.class).getStatus().state())
							.isEqualTo(ContainerState.STREAMING);
					});
		}
	}

	@Test
	void healthReportsAStallWhenAListenerBlocksWhileTheServerWrites() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("stall");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BlockingListener blocking = new BlockingListener();
		runner(server).withBean(BlockingListener.class, () -> blocking)
			.withPropertyValues("binlog.health.stall-timeout=1s", "binlog.include=" + schema + "\\..*")
			.run((context) -> {
				BinlogHealthIndicator health = context.getBean(BinlogHealthIndicator.class);
				server.execute("INSERT INTO " + schema + ".t VALUES (1)");
				blocking.entered.await();
				server.execute("INSERT INTO " + schema + ".t VALUES (2)");
				await().atMost(TIMEOUT).untilAsserted(() -> {
					Health stalled = health.health(true);
					assertThat(stalled.getStatus()).isEqualTo(Status.DOWN);
					assertThat(stalled.getDetails().get("reason").toString()).startsWith("stalled");
				});
				blocking.release.countDown();
				await().atMost(TIMEOUT).until(() -> health.health(true).getStatus().equals(Status.UP));
			});
	}

	@Test
	void metricsCountTheRowsOfAKnownWorkloadAndRecordLag() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("metrics");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".a (id INT PRIMARY KEY, v INT)",
				"CREATE TABLE " + schema + ".b (id INT PRIMARY KEY)");
		runner(server).withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("binlog.include=" + schema + "\\..*", "binlog.metrics.max-tables=1")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				server.execute("INSERT INTO " + schema + ".a VALUES (1, 0), (2, 0), (3, 0)",
						"INSERT INTO " + schema + ".a VALUES (4, 0), (5, 0)", "UPDATE " + schema + ".a SET v = 1 WHERE id < 3",
						"DELETE FROM " + schema + ".a WHERE id = 5", "INSERT INTO " + schema + ".b VALUES (1), (2)");
				await().atMost(TIMEOUT).untilAsserted(() -> assertThat(registry.get("binlog.rows")
					.tags("schema", "other", "table", "other", "action", "write")
					.counter()
					.count()).isEqualTo(2));
				assertThat(rows(registry, schema, "write")).isEqualTo(5);
				assertThat(rows(registry, schema, "update")).isEqualTo(2);
				assertThat(rows(registry, schema, "delete")).isEqualTo(1);
				assertThat(registry.get("binlog.events").tags("schema", schema, "table", "a", "action", "write")
					.counter()
					.count()).isEqualTo(2);
				// one per transaction: five statements, five transactions
				assertThat(registry.get("binlog.lag").timer().count()).isEqualTo(5);
				assertThat(registry.get("binlog.transaction.rows").summary().totalAmount()).isEqualTo(10);
				assertThat(registry.get("binlog.listener.duration").tags("table", "a", "action", "write").timer().count())
					.isEqualTo(2);
				assertThat(registry.get("binlog.bytes.read").counter().count()).isPositive();
				assertThat(registry.get("binlog.connected").gauge().value()).isEqualTo(1);
				assertThat(registry.get("binlog.time.since.last.event").gauge().value()).isLessThan(60);
				assertThat(registry.get("binlog.reconnects").functionCounter().count()).isZero();
				assertThat(registry.find("binlog.rows").tag("table", "b").counters()).isEmpty();
			});
	}

	@Test
	void twoClientsWithOneServerIdAreReportedNamingTheProperty() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		int serverId = ThreadLocalRandom.current().nextInt(2_000_000, 3_000_000);
		ApplicationContextRunner runner = runner(server).withPropertyValues("binlog.server-id=" + serverId);
		runner.run((first) -> runner.run((second) -> {
			BinlogListenerContainer one = first.getBean(BinlogListenerContainer.class);
			BinlogListenerContainer two = second.getBean(BinlogListenerContainer.class);
			BinlogListenerContainer failed = BinlogContexts.awaitEitherFailed(one, two);
			assertThat(failed.getStatus().lastError()).contains("same server_uuid/server_id")
				.contains("binlog.server-id (now " + serverId + ")");
			BinlogHealthIndicator health = ((failed == one) ? first : second).getBean(BinlogHealthIndicator.class);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
		}));
	}

	private static double rows(MeterRegistry registry, String schema, String action) {
		return registry.get("binlog.rows").tags("schema", schema, "table", "a", "action", action).counter().count();
	}

	private static ApplicationContextRunner runner(EmbeddedMariaDb server) {
		return BinlogContexts.runner(server)
			.withConfiguration(AutoConfigurations.of(BinlogHealthContributorAutoConfiguration.class,
					BinlogMetricsAutoConfiguration.class));
	}

	/**
	 * Blocks on its first event until released.
	 */
	static class BlockingListener {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@EventListener
		void on(TableChangeEvent event) throws InterruptedException {
			this.entered.countDown();
			this.release.await();
		}

	}

}
