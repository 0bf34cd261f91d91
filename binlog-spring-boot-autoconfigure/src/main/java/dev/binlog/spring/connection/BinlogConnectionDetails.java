package dev.binlog.spring.connection;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the binlog server is and how to log in to it. By default built from the {@code binlog.*} properties (or,
 * without {@code binlog.host}, from {@code spring.datasource.*}); define a bean of this type to supply them from
 * elsewhere, for example a test container or a secret store.
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

}
