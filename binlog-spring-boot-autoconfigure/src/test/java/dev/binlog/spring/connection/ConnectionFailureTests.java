package dev.binlog.spring.connection;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which startup failures {@link BinlogServer#inspect()} waits out: a server that does not answer (yet), as while it
 * starts or restarts, but no refused login, TLS failure or unknown host, which waiting would not fix.
 */
class ConnectionFailureTests {

	@Test
	void refusedConnectionIsWaitedOut() {
		SQLException refused = new SQLNonTransientConnectionException("Socket fail to connect", "08000",
				new ConnectException("Connection refused"));
		assertThat(BinlogServer.isConnectionFailure(new CannotGetJdbcConnectionException("no", refused))).isTrue();
		assertThat(BinlogServer.isConnectionFailure(new ConnectException("Connection refused"))).isTrue();
	}

	@Test
	void droppedConnectionIsWaitedOut() {
		assertThat(BinlogServer.isConnectionFailure(new SQLException("Communications link failure", "08S01")))
			.isTrue();
	}

	@Test
	void refusedLoginFailsAtOnce() {
		SQLException denied = new SQLInvalidAuthorizationSpecException("Access denied", "28000", 1045);
		assertThat(BinlogServer.isConnectionFailure(new CannotGetJdbcConnectionException("no", denied))).isFalse();
	}

	@Test
	void unknownHostFailsAtOnce() {
		SQLException unknown = new SQLNonTransientConnectionException("Socket fail to connect", "08000",
				new UnknownHostException("db.invalid"));
		assertThat(BinlogServer.isConnectionFailure(unknown)).isFalse();
	}

	@Test
	void tlsFailureFailsAtOnce() {
		SQLException tls = new SQLNonTransientConnectionException("SSL handshake failed", "08000",
				new SSLHandshakeException("PKIX path building failed"));
		assertThat(BinlogServer.isConnectionFailure(tls)).isFalse();
	}

	@Test
	void serverErrorFailsAtOnce() {
		assertThat(BinlogServer.isConnectionFailure(new SQLSyntaxErrorException("denied", "42000", 1227))).isFalse();
	}

}
