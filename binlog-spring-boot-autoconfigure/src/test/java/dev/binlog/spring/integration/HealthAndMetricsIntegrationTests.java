package dev.binlog.spring.integration;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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

	@Test
	void healthIsOutOfServiceOnceTheContainerIsStopped() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		runner(server).run((context) -> {
			BinlogHealthIndicator health = context.getBean(BinlogHealthIndicator.class);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			context.getBean(BinlogListenerContainer.class).stop();
			assertThat(health.health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		});
	}

	@Test
	void healthIsUnknownWhileTheContainerIsStarting() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		// nothing answers on the port: the start waits there, in STARTING, for the connect timeout
		runner(TestServers.get(RowMetadata.FULL))
			.withPropertyValues("binlog.port=" + port, "binlog.connect-timeout=3s", "binlog.auto-startup=false")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				BinlogHealthIndicator health = context.getBean(BinlogHealthIndicator.class);
				CompletableFuture<Void> start = CompletableFuture.runAsync(container::start);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.STARTING);
				assertThat(health.health(true).getStatus()).isEqualTo(Status.UNKNOWN);
				await().atMost(TIMEOUT).until(start::isDone);
			});
	}

	@Test
	void failedContainerShowsTheReasonAndTheLastErrorInItsHealth() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("failedhealth");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		runner(server).withBean(FailingListener.class, () -> new FailingListener(1))
			.withPropertyValues("binlog.include=" + schema + "\\..*", "binlog.listener-failure.action=stop")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				server.execute("INSERT INTO " + schema + ".t VALUES (1)");
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				Health failed = context.getBean(BinlogHealthIndicator.class).health(true);
				assertThat(failed.getStatus()).isEqualTo(Status.DOWN);
				assertThat(failed.getDetails().get("reason").toString()).contains("listener broke on row 1");
				assertThat(failed.getDetails().get("lastError").toString()).contains("listener broke on row 1");
			});
	}

	@Test
	void healthStaysUpWhileReconnectingForLessThanTheDisconnectedThreshold() {
		try (EmbeddedMariaDb server = EmbeddedMariaDb.builder().serverId(9).start()) {
			runner(server).withPropertyValues("binlog.health.disconnected-threshold=30s",
					"binlog.reconnect.give-up-after=0").run((context) -> {
						BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
						BinlogHealthIndicator health = context.getBean(BinlogHealthIndicator.class);
						server.stop();
						await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.RECONNECTING);
						await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
							assertThat(container.getStatus().state()).isEqualTo(ContainerState.RECONNECTING);
							assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
						});
						assertThat(health.health(true).getDetails()).containsKey("lastError");
						server.restart();
						await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.STREAMING);
					});
		}
	}

	@Test
	void listenerFailureSkipAndPositionSaveMetersCountWhatTheStatusCounts() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("failmeters");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		runner(server).withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(FailingListener.class, () -> new FailingListener(2))
			.withPropertyValues("binlog.include=" + schema + "\\..*", "binlog.listener-failure.action=skip",
					"binlog.position.save-interval=0")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				long savesBefore = registry.get("binlog.position.saves").tag("result", "success").timer().count();
				server.execute("INSERT INTO " + schema + ".t VALUES (1)", "INSERT INTO " + schema + ".t VALUES (2)",
						"INSERT INTO " + schema + ".t VALUES (3)");
				BinlogContexts.awaitCaughtUp(container);
				ContainerStatus status = container.getStatus();
				assertThat(status.listenerFailures()).isEqualTo(1);
				assertThat(status.skippedEvents()).isEqualTo(1);
				assertThat(registry.get("binlog.listener.failures").functionCounter().count())
					.isEqualTo(status.listenerFailures());
				assertThat(registry.get("binlog.skipped").functionCounter().count()).isEqualTo(status.skippedEvents());
				// three transactions, each saved on its own with save-interval 0
				assertThat(registry.get("binlog.position.saves").tag("result", "success").timer().count())
					.isGreaterThanOrEqualTo(savesBefore + 3);
				assertThat(registry.get("binlog.position.saves").tag("result", "failure").timer().count()).isZero();
			});
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
	 * Throws on the insert of one row.
	 */
	static class FailingListener {

		private final int failingId;

		FailingListener(int failingId) {
			this.failingId = failingId;
		}

		@EventListener
		void on(TableChangeEvent event) {
			event.getChanges().forEach((change) -> {
				if (Integer.valueOf(this.failingId).equals(change.row().get("id"))) {
					throw new IllegalStateException("listener broke on row " + this.failingId);
				}
			});
		}

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
