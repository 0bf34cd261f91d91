package dev.binlog.spring.integration;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that is down for a few seconds when the application starts (started alongside it, restarting) is waited
 * for within {@code binlog.connect-timeout}; a refused login is not.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerStartupWaitIntegrationTests {

	@Test
	void serverThatComesUpWithinTheConnectTimeoutIsWaitedFor(CapturedOutput output) throws Exception {
		try (EmbeddedMariaDb server = EmbeddedMariaDb.builder().start()) {
			server.execute("CREATE DATABASE waited", "CREATE TABLE waited.t (id INT PRIMARY KEY)");
			BinlogContexts.runner(server)
				.withBean(Recorder.class)
				.withPropertyValues("binlog.auto-startup=false", "binlog.connect-timeout=30s",
						"binlog.include=waited\\..*")
				.run((context) -> {
					BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
					server.stop();
					CompletableFuture<Void> start = CompletableFuture.runAsync(container::start);
					String waiting = "Cannot connect to the MySQL/MariaDB server at " + server.host() + ":"
							+ server.port() + " yet";
					await().atMost(TIMEOUT).until(() -> output.getOut().contains(waiting));
					assertThat(start).isNotDone();
					server.restart();
					start.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
					assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
					server.execute("INSERT INTO waited.t VALUES (1)");
					Recorder recorder = context.getBean(Recorder.class);
					await().atMost(TIMEOUT).until(() -> recorder.changes("waited").size() == 1);
				});
		}
	}

	@Test
	void wrongPasswordFailsAtOnceRatherThanAfterTheConnectTimeout(CapturedOutput output) {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		server.createUser("cdc_no_wait", "right-password", "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");
		long started = System.nanoTime();
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.username=cdc_no_wait", "binlog.password=wrong-password",
					"binlog.connect-timeout=30s")
			.run((context) -> {
				FailureAnalysis analysis = BinlogContexts.analyze(context);
				assertThat(analysis.getDescription()).contains("refused the login of user 'cdc_no_wait'");
			});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
		assertThat(output.getOut()).doesNotContain("trying again until binlog.connect-timeout");
	}

	@Test
	void serverThatStaysDownFailsAfterTheConnectTimeout() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		long started = System.nanoTime();
		BinlogContexts.runner(server).withPropertyValues("binlog.port=" + port, "binlog.connect-timeout=2s")
			.run((context) -> {
				FailureAnalysis analysis = BinlogContexts.analyze(context);
				assertThat(analysis.getDescription()).contains("Cannot connect").contains("127.0.0.1:" + port);
				assertThat(analysis.getAction()).contains("binlog.connect-timeout");
			});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

}
