package dev.binlog.spring.testcontainers;

import java.util.List;

import dev.binlog.spring.autoconfigure.BinlogConnectionDetails;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.JdbcDatabaseContainer;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * Creates {@link BinlogConnectionDetails} for a {@code @ServiceConnection} MariaDB or MySQL container. The JDBC
 * details of such a container log in as its database user, which has no {@code REPLICATION SLAVE} privilege; the
 * binlog connection logs in as {@code root}, whose password both images set to the container's password.
 */
class BinlogContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<JdbcDatabaseContainer<?>, BinlogConnectionDetails> {

	/** The port both images listen on inside the container. */
	static final int SERVER_PORT = 3306;

	/** The only user the images give the replication privileges to, whatever the container's database user. */
	static final String REPLICATION_USER = "root";

	BinlogContainerConnectionDetailsFactory() {
		super(List.of("mariadb", "mysql"), "com.github.shyiko.mysql.binlog.BinaryLogClient");
	}

	@Override
	protected BinlogConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<JdbcDatabaseContainer<?>> source) {
		return new BinlogContainerConnectionDetails(source);
	}

	/**
	 * Read from the container only once it has started: the details are created before it is.
	 */
	static final class BinlogContainerConnectionDetails extends ContainerConnectionDetails<JdbcDatabaseContainer<?>>
			implements BinlogConnectionDetails {

		BinlogContainerConnectionDetails(ContainerConnectionSource<JdbcDatabaseContainer<?>> source) {
			super(source);
		}

		@Override
		public String getHost() {
			return getContainer().getHost();
		}

		@Override
		public int getPort() {
			return getContainer().getMappedPort(SERVER_PORT);
		}

		@Override
		public String getUsername() {
			return REPLICATION_USER;
		}

		@Override
		public @Nullable String getPassword() {
			return getContainer().getPassword();
		}

		@Override
		public @Nullable SslBundle getSslBundle() {
			return super.getSslBundle();
		}

	}

}
