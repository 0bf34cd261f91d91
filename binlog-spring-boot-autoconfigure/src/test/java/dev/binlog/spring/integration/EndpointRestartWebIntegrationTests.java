package dev.binlog.spring.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
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
 * {@code POST /actuator/binlog/restart} over HTTP with restarting enabled: a position that does not parse is refused
 * with 400 and the reason in the body, and the stream goes on where it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=binlog", "binlog.endpoint.restart-enabled=true" })
class EndpointRestartWebIntegrationTests {

	static final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	static final String schema = TestServers.uniqueSchema("restart_web");

	@DynamicPropertySource
	static void binlog(DynamicPropertyRegistry registry) {
		server.execute("CREATE DATABASE IF NOT EXISTS " + schema,
				"CREATE TABLE IF NOT EXISTS " + schema + ".t (id INT PRIMARY KEY)");
		registry.add("binlog.host", server::host);
		registry.add("binlog.port", server::port);
		registry.add("binlog.username", server::username);
		registry.add("binlog.password", server::password);
		registry.add("binlog.server-id", () -> 77011);
		registry.add("binlog.include", () -> schema + "\\..*");
	}

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	Recorder recorder;

	@Test
	void restartWithAPositionThatDoesNotParseIsRefusedWithTheReasonAndTheStreamGoesOn() throws Exception {
		ActuatorHttp actuator = new ActuatorHttp(this.port);
		await().atMost(TIMEOUT)
			.until(() -> JsonPath.<String>read(actuator.get("/actuator/binlog"), "$.state").equals("STREAMING"));
		String committed = JsonPath.read(actuator.get("/actuator/binlog"), "$.committedPosition");
		int delivered = this.recorder.changes(schema).size();

		HttpResponse<String> gtid = restart("{\"position\":\"gtid:0-1-x\"}");
		assertThat(gtid.statusCode()).as(gtid.body()).isEqualTo(400);
		assertThat(gtid.body()).contains("Invalid position 'gtid:0-1-x'").contains("'0-1-x' is not a GTID set");
		HttpResponse<String> offset = restart("{\"position\":\"mysql-bin.000001:2\"}");
		assertThat(offset.statusCode()).as(offset.body()).isEqualTo(400);
		assertThat(offset.body()).contains("offset 2 lies before the first event");
		HttpResponse<String> none = restart("{}");
		assertThat(none.statusCode()).as(none.body()).isEqualTo(400);
		assertThat(none.body()).contains("No position given");
		// parsed, but naming no place the server can stream from: refused before the stream gives up its position
		HttpResponse<String> beforeOldest = restart("{\"position\":\"time:2001-01-01T00:00:00Z\"}");
		assertThat(beforeOldest.statusCode()).as(beforeOldest.body()).isEqualTo(400);
		assertThat(beforeOldest.body()).contains("lies before the oldest binary log");
		HttpResponse<String> missingFile = restart("{\"position\":\"mysql-bin.999999:4\"}");
		assertThat(missingFile.statusCode()).as(missingFile.body()).isEqualTo(400);
		assertThat(missingFile.body()).contains("mysql-bin.999999");
		HttpResponse<String> insideAnEvent = restart("{\"position\":\"mysql-bin.000001:5\"}");
		assertThat(insideAnEvent.statusCode()).as(insideAnEvent.body()).isEqualTo(400);
		assertThat(insideAnEvent.body()).contains("is not the start of an event")
			.contains("The stream goes on where it was");

		// refused before the container was asked: same place, still streaming, still delivering
		String status = actuator.get("/actuator/binlog");
		assertThat(JsonPath.<String>read(status, "$.state")).isEqualTo("STREAMING");
		assertThat(JsonPath.<String>read(status, "$.committedPosition")).isEqualTo(committed);
		server.execute("INSERT INTO " + schema + ".t VALUES (1)");
		await().atMost(TIMEOUT).until(() -> this.recorder.changes(schema).size() == delivered + 1);
		assertThat(JsonPath.<String>read(actuator.get("/actuator/binlog"), "$.state")).isEqualTo("STREAMING");
	}

	@Test
	void restartToAnEarlierPositionAnswers200AndDeliversTheRowsAgain() throws Exception {
		ActuatorHttp actuator = new ActuatorHttp(this.port);
		await().atMost(TIMEOUT)
			.until(() -> JsonPath.<String>read(actuator.get("/actuator/binlog"), "$.state").equals("STREAMING"));
		String before = TestServers.binlogPosition(server);
		server.execute("INSERT INTO " + schema + ".t VALUES (10)", "INSERT INTO " + schema + ".t VALUES (11)");
		await().atMost(TIMEOUT).until(() -> inserted(10) == 1 && inserted(11) == 1);

		HttpResponse<String> restarted = restart("{\"position\":\"" + before + "\"}");
		assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(200);
		await().atMost(TIMEOUT).until(() -> inserted(10) == 2 && inserted(11) == 2);
		assertThat(JsonPath.<String>read(actuator.get("/actuator/binlog"), "$.state")).isEqualTo("STREAMING");
	}

	private long inserted(int id) {
		return this.recorder.changes(schema)
			.stream()
			.flatMap((event) -> event.getChanges().stream())
			.filter((change) -> change.after() != null && Integer.valueOf(id).equals(change.after().get("id")))
			.count();
	}

	@Test
	void lagIsANumberInTheEndpointAsInTheHealthDetails() throws Exception {
		ActuatorHttp actuator = new ActuatorHttp(this.port);
		server.execute("INSERT INTO " + schema + ".t VALUES (2)");
		await().atMost(TIMEOUT).until(() -> actuator.get("/actuator/binlog").contains("\"lagMillis\""));
		String status = actuator.get("/actuator/binlog");
		assertThat(JsonPath.<Object>read(status, "$.lagMillis")).isInstanceOf(Number.class);
		assertThat(JsonPath.<Object>read(status, "$.committedPosition")).isInstanceOf(String.class);
		assertThat(JsonPath.<Object>read(status, "$.reconnects")).isInstanceOf(Number.class);
	}

	private HttpResponse<String> restart(String json) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/binlog/restart"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class RestartApplication {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

}
