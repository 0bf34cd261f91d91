package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.connection.BinlogLogin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the binlog server is and how to log in to it. By default built from the {@code binlog.*} properties (or,
 * without {@code binlog.host}, from Spring Boot's {@code JdbcConnectionDetails}, so that {@code @ServiceConnection}
 * and Docker Compose give the binlog connection too); define a bean of this type to supply them from elsewhere,
 * for example a test container or a secret store. It lives beside the auto-configuration that reads it, as Spring
 * Boot's own connection details do.
 */
public interface BinlogConnectionDetails extends ConnectionDetails, BinlogLogin {

	/**
	 * Return the SSL bundle that verifies the server's certificate, as Spring Boot's own connection details offer
	 * one. Used when {@code binlog.ssl.bundle} is not set; {@code binlog.ssl.mode=disabled} turns it off.
	 * @return the SSL bundle, or {@code null} to connect as the {@code binlog.ssl.*} properties say
	 */
	default @Nullable SslBundle getSslBundle() {
		return null;
	}

}
