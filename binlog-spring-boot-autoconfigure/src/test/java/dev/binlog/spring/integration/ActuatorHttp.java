package dev.binlog.spring.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP requests to a web application on a local port, for the actuator endpoints.
 */
final class ActuatorHttp {

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	ActuatorHttp(int port) {
		this.port = port;
	}

	/**
	 * {@code GET} a path, which must answer 200.
	 * @param path the path, such as {@code /actuator/binlog}
	 * @return the body
	 */
	String get(String path) throws Exception {
		HttpResponse<String> response = getResponse(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	/**
	 * {@code GET} a path, whatever it answers.
	 * @param path the path, such as {@code /actuator/health/binlog}
	 * @return the response
	 */
	HttpResponse<String> getResponse(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * {@code POST} an empty JSON object to a path.
	 * @param path the path, such as {@code /actuator/binlog/pause}
	 * @param expectedStatus the status the path must answer
	 * @return the body
	 */
	String post(String path, int expectedStatus) throws Exception {
		return post(path, "{}", expectedStatus);
	}

	/**
	 * {@code POST} a JSON body to a path.
	 * @param path the path, such as {@code /actuator/binlog/restart}
	 * @param json the body
	 * @param expectedStatus the status the path must answer
	 * @return the body
	 */
	String post(String path, String json, int expectedStatus) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(expectedStatus);
		return response.body();
	}

}
