package dev.binlog.spring.integration;

import java.time.Duration;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Troubleshooting": a server that closes the binlog connection again and again right after opening it
 * (as it does to the older of two clients with one server id) is reported with a warning naming the id to change,
 * while the container keeps reconnecting.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReconnectWarningIntegrationTests {

	@Test
	void connectionClosedThreeTimesInARowWithinSecondsIsAWarningNamingTheServerId(CapturedOutput output) {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		BinlogContexts.runner(server).withPropertyValues("binlog.server-id=424242").run((context) -> {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.STREAMING);
			// each reconnect comes a second after the kill; killing whatever streams until the warning comes
			// closes each new connection within seconds of its opening
			await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
				server.killBinlogConnections();
				return output.getAll().contains("closed the binlog connection");
			});
			assertThat(output.getAll())
				.contains("closed the binlog connection 3 times in a row within seconds of opening it")
				.contains("server id 424242")
				.contains("binlog.server-id");
			// a warning, not a stop
			await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.STREAMING);
		});
	}

}
