package dev.binlog.spring.integration;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/binlog} and {@code /actuator/health} over HTTP in a web application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=binlog,health",
				"management.endpoint.health.show-details=always" })
class EndpointWebIntegrationTests {

	static final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	static final String schema = TestServers.uniqueSchema("web");

	@DynamicPropertySource
	static void binlog(DynamicPropertyRegistry registry) {
		server.execute("CREATE DATABASE IF NOT EXISTS " + schema,
				"CREATE TABLE IF NOT EXISTS " + schema + ".t (id INT PRIMARY KEY)");
		registry.add("binlog.host", server::host);
		registry.add("binlog.port", server::port);
		registry.add("binlog.username", server::username);
		registry.add("binlog.password", server::password);
		registry.add("binlog.server-id", () -> 77001);
		registry.add("binlog.include", () -> schema + "\\..*");
		registry.add("binlog.position.flush-interval", () -> "0");
	}

	@LocalServerPort
	int port;

	@Autowired
	Recorder recorder;

	@Autowired
	BinlogListenerContainer container;

	@Test
	void statusPauseAndResumeOverHttp() throws Exception {
		ActuatorHttp actuator = new ActuatorHttp(this.port);
		String status = actuator.get("/actuator/binlog");
		assertThat(JsonPath.<String>read(status, "$.state")).isEqualTo("STREAMING");
		assertThat(JsonPath.<String>read(status, "$.server")).isEqualTo("127.0.0.1:" + server.port());
		assertThat(JsonPath.<String>read(actuator.get("/actuator/health"), "$.components.binlog.status"))
			.isEqualTo("UP");

		assertThat(JsonPath.<String>read(actuator.post("/actuator/binlog/pause", 200), "$.state"))
			.isIn("PAUSED", "STREAMING");
		await().atMost(TIMEOUT)
			.until(() -> JsonPath.<String>read(actuator.get("/actuator/binlog"), "$.state").equals("PAUSED"));
		String committed = JsonPath.read(actuator.get("/actuator/binlog"), "$.committedPosition");
		server.execute("INSERT INTO " + schema + ".t VALUES (1)", "INSERT INTO " + schema + ".t VALUES (2)");
		// while paused: nothing delivered, the position stays
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
			.until(() -> this.recorder.changes(schema).isEmpty());
		assertThat(JsonPath.<String>read(actuator.get("/actuator/binlog"), "$.committedPosition"))
			.isEqualTo(committed);
		assertThat(JsonPath.<String>read(actuator.get("/actuator/health"), "$.components.binlog.status"))
			.isEqualTo("UP");

		actuator.post("/actuator/binlog/resume", 200);
		await().atMost(TIMEOUT).until(() -> this.recorder.changes(schema).size() == 2);
		assertThat(JsonPath.<String>read(actuator.get("/actuator/binlog"), "$.state")).isEqualTo("STREAMING");

		// moving the position is off unless enabled: a bad request that changes nothing
		actuator.post("/actuator/binlog/restart", 400);
		assertThat(JsonPath.<String>read(actuator.get("/actuator/binlog"), "$.state")).isEqualTo("STREAMING");
	}

	@Test
	void restartToAValidPositionIsRefusedNamingThePropertyUnlessEnabled() throws Exception {
		ActuatorHttp actuator = new ActuatorHttp(this.port);
		await().atMost(TIMEOUT)
			.until(() -> JsonPath.<String>read(actuator.get("/actuator/binlog"), "$.state").equals("STREAMING"));
		String committed = JsonPath.read(actuator.get("/actuator/binlog"), "$.committedPosition");
		// a position that parses, so that only the disabled operation can be the reason
		String refusal = actuator.post("/actuator/binlog/restart", "{\"position\":\"latest\"}", 400);
		assertThat(JsonPath.<String>read(refusal, "$.message")).contains("binlog.endpoint.restart-enabled=true");
		String status = actuator.get("/actuator/binlog");
		assertThat(JsonPath.<String>read(status, "$.state")).isEqualTo("STREAMING");
		assertThat(JsonPath.<String>read(status, "$.committedPosition")).isEqualTo(committed);
	}

	@Test
	void healthAnswers503OutOfServiceOnceTheContainerIsStopped() throws Exception {
		ActuatorHttp actuator = new ActuatorHttp(this.port);
		assertThat(actuator.getResponse("/actuator/health/binlog").statusCode()).isEqualTo(200);
		this.container.stop();
		try {
			HttpResponse<String> stopped = actuator.getResponse("/actuator/health/binlog");
			assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(503);
			assertThat(JsonPath.<String>read(stopped.body(), "$.status")).isEqualTo("OUT_OF_SERVICE");
		}
		finally {
			// the context is shared with the other tests of this class
			this.container.start();
		}
		assertThat(actuator.getResponse("/actuator/health/binlog").statusCode()).isEqualTo(200);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

}
