package dev.binlog.spring.connection;

import org.jspecify.annotations.Nullable;

/**
 * Where the binlog server is and who logs in to it: what the runtime classes need of the connection. Applications
 * supply it as a {@code dev.binlog.spring.autoconfigure.BinlogConnectionDetails} bean; this type exists so that the
 * runtime does not depend on the auto-configuration package, as Spring Boot's own clients never see their
 * {@code ConnectionDetails}.
 */
public interface BinlogLogin {

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
