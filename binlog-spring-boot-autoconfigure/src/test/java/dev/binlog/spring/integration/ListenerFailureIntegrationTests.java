package dev.binlog.spring.integration;

import java.util.concurrent.atomic.AtomicInteger;

import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.event.EventListener;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Delivery semantics" when a listener throws: {@code retry} delivers the whole transaction again and
 * stops after {@code max-attempts}, {@code skip} counts and goes on; a stopped container never moves past the
 * transaction it could not deliver.
 */
class ListenerFailureIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL" })
	void listenerFailureStopsTheContainerWithoutMovingPastTheTransaction(RowMetadata metadata) {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String schema = TestServers.uniqueSchema("failing");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(server).withBean(FailingListener.class).withPropertyValues("failing.schema=" + schema)
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				BinlogContexts.awaitCaughtUp(container);
				var before = container.committedPosition();
				server.execute("INSERT INTO " + schema + ".t VALUES (1)");
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThat(container.getStatus().lastError()).contains("listener broke");
				assertThat(container.isRunning()).isFalse();
				assertThat(container.committedPosition()).isEqualTo(before);
			});
	}

	@Test
	void listenerFailingTwiceIsRetriedAndDeliversEverything() throws Exception {
		String schema = TestServers.uniqueSchema("flaky");
		Workload workload = new Workload(this.server, schema, 3);
		workload.createTables();
		Replica replica = new Replica();
		FlakyListener flaky = new FlakyListener(2);
		BinlogContexts.runner(this.server, schema).withBean(Replica.class, () -> replica)
			.withBean(FlakyListener.class, () -> flaky)
			.withPropertyValues("binlog.listener-failure.max-attempts=3", "binlog.listener-failure.backoff=50ms")
			.run((context) -> {
				workload.run(10);
				workload.awaitEqual(replica);
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				assertThat(container.getStatus().listenerFailures()).isEqualTo(2);
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
				assertThat(flaky.calls.get()).isGreaterThan(2);
			});
	}

	@Test
	void listenerFailingOnEveryAttemptStopsBeforeTheTransaction() throws Exception {
		String schema = TestServers.uniqueSchema("broken");
		Workload workload = new Workload(this.server, schema, 5);
		workload.createTables();
		FlakyListener broken = new FlakyListener(Integer.MAX_VALUE);
		BinlogContexts.runner(this.server, schema).withBean(FlakyListener.class, () -> broken)
			.withPropertyValues("binlog.listener-failure.max-attempts=2", "binlog.listener-failure.backoff=50ms")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				BinlogContexts.awaitCaughtUp(container);
				var before = container.committedPosition();
				workload.run(1);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThat(container.getStatus().lastError()).contains("failed 2 times");
				assertThat(container.committedPosition()).isEqualTo(before);
				assertThat(broken.calls.get()).isEqualTo(2);
			});
	}

	@Test
	void skipPolicyCountsTheSkippedEventAndGoesOn() throws Exception {
		String schema = TestServers.uniqueSchema("skip");
		Workload workload = new Workload(this.server, schema, 9);
		workload.createTables();
		FlakyListener once = new FlakyListener(1);
		Replica replica = new Replica();
		BinlogContexts.runner(this.server, schema).withBean(FlakyListener.class, () -> once)
			.withBean(Replica.class, () -> replica)
			.withPropertyValues("binlog.listener-failure.action=skip")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				workload.run(5);
				await().atMost(TIMEOUT).until(() -> once.calls.get() >= 5);
				assertThat(container.getStatus().skippedEvents()).isEqualTo(1);
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			});
	}

	static class FailingListener {

		@BinlogListener(schema = "${failing.schema}")
		void on(TableChangeEvent event) {
			throw new IllegalStateException("listener broke");
		}

	}

	/**
	 * Throws on its first {@code failures} calls.
	 */
	static class FlakyListener {

		private final int failures;

		final AtomicInteger calls = new AtomicInteger();

		FlakyListener(int failures) {
			this.failures = failures;
		}

		@EventListener
		void on(TableChangeEvent event) {
			if (this.calls.incrementAndGet() <= this.failures) {
				throw new IllegalStateException("flaky listener, call " + this.calls.get());
			}
		}

	}

}
