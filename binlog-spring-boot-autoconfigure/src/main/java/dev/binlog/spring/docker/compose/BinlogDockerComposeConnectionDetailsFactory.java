package dev.binlog.spring.docker.compose;

import java.util.Map;

import dev.binlog.spring.autoconfigure.BinlogConnectionDetails;
import dev.binlog.spring.connection.BinlogStreamException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;
import org.springframework.boot.ssl.SslBundle;

/**
 * Creates {@link BinlogConnectionDetails} for a {@code mariadb} or {@code mysql} service of Spring Boot's Docker
 * Compose support. The service's JDBC user ({@code MARIADB_USER}, {@code MYSQL_USER}) has privileges on its
 * database only, so the binlog connection logs in as {@code root} with the root password of the service's
 * environment.
 */
class BinlogDockerComposeConnectionDetailsFactory
		extends DockerComposeConnectionDetailsFactory<BinlogConnectionDetails> {

	BinlogDockerComposeConnectionDetailsFactory() {
		super(new String[] { "mariadb", "mysql" }, "com.github.shyiko.mysql.binlog.BinaryLogClient");
	}

	@Override
	protected BinlogConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new BinlogDockerComposeConnectionDetails(source.getRunningService());
	}

	/**
	 * Connection details read from the running service.
	 */
	static final class BinlogDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements BinlogConnectionDetails {

		private static final int SERVER_PORT = 3306;

		private final String host;

		private final int port;

		private final @Nullable String password;

		private final @Nullable SslBundle sslBundle;

		BinlogDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.host = service.host();
			this.port = service.ports().get(SERVER_PORT);
			this.password = rootPassword(service);
			this.sslBundle = getSslBundle(service);
		}

		private static @Nullable String rootPassword(RunningService service) {
			Map<String, String> env = service.env();
			for (String prefix : new String[] { "MARIADB_", "MYSQL_" }) {
				if (env.containsKey(prefix + "ROOT_PASSWORD")) {
					return env.get(prefix + "ROOT_PASSWORD");
				}
			}
			for (String variable : new String[] { "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD" }) {
				if (env.containsKey(variable)) {
					return null;
				}
			}
			// a random root password is printed to the container's log only: no way to log in as root from here
			throw new BinlogStreamException("The Docker Compose service '" + service.name() + "' sets no root "
					+ "password, so the binlog connection cannot log in as root, the only user of the image with "
					+ "the REPLICATION SLAVE privilege.",
					"Set MARIADB_ROOT_PASSWORD (MYSQL_ROOT_PASSWORD for mysql) in the service's environment, or set "
							+ "binlog.host, binlog.username and binlog.password to a user with REPLICATION SLAVE, "
							+ "REPLICATION CLIENT and SELECT.");
		}

		@Override
		public String getHost() {
			return this.host;
		}

		@Override
		public int getPort() {
			return this.port;
		}

		@Override
		public String getUsername() {
			return "root";
		}

		@Override
		public @Nullable String getPassword() {
			return this.password;
		}

		@Override
		public @Nullable SslBundle getSslBundle() {
			return this.sslBundle;
		}

		@Override
		public String toString() {
			// never the password
			return "BinlogConnectionDetails[root@" + this.host + ":" + this.port + "]";
		}

	}

}
