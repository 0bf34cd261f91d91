package dev.binlog.spring.integration;

import java.util.Map;

import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The binlog password appears in no log line, health detail, metric, endpoint or configprops output, even with
 * a reconnect and values shown.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=*", "management.endpoint.health.show-details=always",
				"management.endpoint.configprops.show-values=always", "management.endpoint.env.show-values=always",
				"logging.level.dev.binlog=DEBUG" })
class SecretsIntegrationTests {

	private static final String PASSWORD = "Pw-4-binlog-Z9qX";

	static final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	static final String schema = TestServers.uniqueSchema("secrets");

	@DynamicPropertySource
	static void binlog(DynamicPropertyRegistry registry) {
		server.createUser("cdc_secret", PASSWORD, "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");
		server.execute("CREATE DATABASE IF NOT EXISTS " + schema,
				"CREATE TABLE IF NOT EXISTS " + schema + ".t (id INT PRIMARY KEY)");
		registry.add("binlog.host", server::host);
		registry.add("binlog.port", server::port);
		registry.add("binlog.username", () -> "cdc_secret");
		registry.add("binlog.password", () -> PASSWORD);
		registry.add("binlog.server-id", () -> 77002);
		registry.add("binlog.include", () -> schema + "\\..*");
	}

	@LocalServerPort
	int port;

	@Autowired
	Recorder recorder;

	@Autowired
	ConfigurableEnvironment environment;

	@Test
	void passwordIsNowhere(CapturedOutput output) throws Exception {
		ActuatorHttp actuator = new ActuatorHttp(this.port);
		// the launch command as the JVM shows it in the system property sun.java.command, which a test cannot set
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("launchCommand",
					Map.of("sun.java.command", "shop.jar --binlog.password=" + PASSWORD + " --binlog.username=cdc")));
		server.execute("INSERT INTO " + schema + ".t VALUES (1)");
		await().atMost(TIMEOUT).until(() -> this.recorder.changes(schema).size() == 1);
		assertThat(server.killBinlogConnections()).isPositive();
		server.execute("INSERT INTO " + schema + ".t VALUES (2)");
		await().atMost(TIMEOUT).until(() -> this.recorder.changes(schema).size() == 2);
		StringBuilder everything = new StringBuilder();
		for (String path : new String[] { "/actuator/binlog", "/actuator/health", "/actuator/configprops",
				"/actuator/env", "/actuator/metrics", "/actuator/metrics/binlog.rows",
				"/actuator/metrics/binlog.connected" }) {
			everything.append(actuator.get(path));
		}
		assertThat(everything).contains("binlog.rows").contains("cdc_secret").contains("\"binlog\"")
			.contains("shop.jar --binlog.password=****** --binlog.username=cdc");
		assertThat(everything).doesNotContain(PASSWORD);
		assertThat(output.getAll()).contains("reconnecting").doesNotContain(PASSWORD);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SecretsApplication {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

}
