package dev.binlog.spring.connection;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the binlog server is and how to log in to it. By default built from the {@code binlog.*} properties (or,
 * without {@code binlog.host}, from Spring Boot's {@code JdbcConnectionDetails}, so that {@code @ServiceConnection}
 * and Docker Compose give the binlog connection too); define a bean of this type to supply them from elsewhere,
 * for example a test container or a secret store.
 */
public interface BinlogConnectionDetails extends ConnectionDetails {

	/**
	 * Return the host name or address of the MySQL/MariaDB server.
	 * @return the host
	 */
	String getHost();

	/**
	 * Return the TCP port of the server.
	 * @return the port
	 */
	int getPort();

	/**
	 * Return the user to log in as; it needs {@code REPLICATION SLAVE}, {@code REPLICATION CLIENT} and
	 * {@code SELECT}.
	 * @return the user name
	 */
	String getUsername();

	/**
	 * Return the password of the user.
	 * @return the password, or {@code null} for none
	 */
	@Nullable String getPassword();

	/**
	 * Return the SSL bundle that verifies the server's certificate, as Spring Boot's own connection details offer
	 * one. Used when {@code binlog.ssl.bundle} is not set; {@code binlog.ssl.mode=disabled} turns it off.
	 * @return the SSL bundle, or {@code null} to connect as the {@code binlog.ssl.*} properties say
	 */
	default @Nullable SslBundle getSslBundle() {
		return null;
	}

}
