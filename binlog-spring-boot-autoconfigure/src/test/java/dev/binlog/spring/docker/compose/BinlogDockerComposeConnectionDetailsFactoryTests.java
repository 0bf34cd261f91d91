package dev.binlog.spring.docker.compose;

import java.util.List;
import java.util.Map;

import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.docker.compose.BinlogDockerComposeConnectionDetailsFactory.BinlogDockerComposeConnectionDetails;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The binlog connection of a Docker Compose service, read from a described service: there is no Docker here, so no
 * container is started.
 */
class BinlogDockerComposeConnectionDetailsFactoryTests {

	@Test
	void factoryIsRegisteredForSpringBootToFind() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ConnectionDetailsFactory.class))
			.hasAtLeastOneElementOfType(BinlogDockerComposeConnectionDetailsFactory.class);
	}

	@Test
	void mariadbServiceLogsInAsRootOnItsMappedPort() {
		BinlogDockerComposeConnectionDetails details = new BinlogDockerComposeConnectionDetails(
				service("mariadb:11.4", Map.of("MARIADB_USER", "app", "MARIADB_PASSWORD", "app-secret",
						"MARIADB_ROOT_PASSWORD", "root-secret")));
		assertThat(details.getHost()).isEqualTo("127.0.0.1");
		assertThat(details.getPort()).isEqualTo(49153);
		assertThat(details.getUsername()).isEqualTo("root");
		assertThat(details.getPassword()).isEqualTo("root-secret");
		assertThat(details.getSslBundle()).isNull();
		assertThat(details.toString()).doesNotContain("root-secret");
	}

	@Test
	void mysqlServiceWithEmptyRootPasswordLogsInWithout() {
		BinlogDockerComposeConnectionDetails details = new BinlogDockerComposeConnectionDetails(
				service("mysql:8.4", Map.of("MYSQL_ALLOW_EMPTY_PASSWORD", "yes")));
		assertThat(details.getUsername()).isEqualTo("root");
		assertThat(details.getPassword()).isNull();
	}

	@Test
	void serviceWithoutRootPasswordFailsNamingTheVariable() {
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> new BinlogDockerComposeConnectionDetails(
					service("mariadb:11.4", Map.of("MARIADB_RANDOM_ROOT_PASSWORD", "yes"))))
			.withMessageContaining("'db' sets no root password")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("MARIADB_ROOT_PASSWORD"));
	}

	private static RunningService service(String image, Map<String, String> env) {
		return new RunningService() {

			@Override
			public String name() {
				return "db";
			}

			@Override
			public ImageReference image() {
				return ImageReference.of(image);
			}

			@Override
			public String host() {
				return "127.0.0.1";
			}

			@Override
			public ConnectionPorts ports() {
				return new ConnectionPorts() {

					@Override
					public int get(int containerPort) {
						return (containerPort == 3306) ? 49153 : -1;
					}

					@Override
					public List<Integer> getAll() {
						return List.of(49153);
					}

					@Override
					public List<Integer> getAll(String protocol) {
						return List.of(49153);
					}

				};
			}

			@Override
			public Map<String, String> env() {
				return env;
			}

			@Override
			public Map<String, String> labels() {
				return Map.of();
			}

		};
	}

}
