package dev.binlog.spring.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

import com.github.shyiko.mysql.binlog.network.AuthenticationException;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.binlog.spring.BinlogPosition;
import org.jspecify.annotations.Nullable;

/**
 * The one place where what the server says goes wrong, over JDBC ({@link SQLException}) or on the binlog
 * connection (the binlog client's {@link ServerException}), becomes the message a user sees: what is wrong and what
 * to change, naming the property, server setting or grant. The same server error code gets the same message
 * whichever connection reported it.
 */
public final class ServerErrorTranslator {

	private static final int ACCESS_DENIED = 1045;

	private static final int SPECIFIC_ACCESS_DENIED = 1227;

	private static final int TABLE_ACCESS_DENIED = 1142;

	private static final int DATABASE_ACCESS_DENIED = 1044;

	// ER_MASTER_FATAL_ERROR_READING_BINLOG: the requested position is not on the server, or another replica with the
	// same server id took over the connection
	private static final int FATAL_ERROR_READING_BINLOG = 1236;

	private final BinlogLogin details;

	private final Duration connectTimeout;

	private final @Nullable BinlogTls tls;

	ServerErrorTranslator(BinlogLogin details, Duration connectTimeout, @Nullable BinlogTls tls) {
		this.details = details;
		this.connectTimeout = connectTimeout;
		this.tls = tls;
	}

	/**
	 * Turn a failure to talk to the server into a message naming what to change.
	 * @param ex the failure
	 * @return the exception to throw
	 */
	public BinlogStreamException translate(Throwable ex) {
		return translate(ex, null, null);
	}

	/**
	 * Turn a failure of the binlog connection into a message naming what to change.
	 * @param ex the failure
	 * @param position the position the stream was asked to continue from, or {@code null}
	 * @param serverId the replica server id of this client, or {@code null}
	 * @return the exception to throw
	 */
	public BinlogStreamException translate(Throwable ex, @Nullable BinlogPosition position, @Nullable Long serverId) {
		String server = describe();
		ServerException binlog = find(ex, ServerException.class);
		SQLException sql = find(ex, SQLException.class);
		String message = (binlog != null) ? String.valueOf(binlog.getMessage())
				: (sql != null) ? firstLine(sql.getMessage()) : "";
		int code = (binlog != null) ? binlog.getErrorCode() : (sql != null) ? sql.getErrorCode() : 0;
		if (binlog != null && isDuplicateServerId(binlog)) {
			return new BinlogStreamException("The server at " + server + " rejected the binlog connection: " + message,
					"Give every application instance and replica its own binlog.server-id"
							+ ((serverId != null) ? " (now " + serverId + ")." : "."),
					ex);
		}
		if (binlog instanceof AuthenticationException || code == ACCESS_DENIED
				|| (sql != null && "28000".equals(sql.getSQLState()))) {
			return new BinlogStreamException("The server at " + server + " refused the login of user '"
					+ this.details.getUsername() + "': " + message,
					"Check binlog.username and binlog.password (or spring.datasource.username and "
							+ "spring.datasource.password when binlog.host is not set)."
							// the server words a plain-text login of a REQUIRE SSL account as a wrong password
							+ ((this.tls != null) ? ""
									: " If the account requires TLS (REQUIRE SSL), set binlog.ssl.bundle."),
					ex);
		}
		if (code == SPECIFIC_ACCESS_DENIED || code == TABLE_ACCESS_DENIED || code == DATABASE_ACCESS_DENIED) {
			return new BinlogStreamException("User '" + this.details.getUsername() + "' lacks a privilege on " + server
					+ ": " + message,
					"GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO the user (REPLICATION CLIENT is called "
							+ "BINLOG MONITOR on MariaDB 10.5+), and SELECT on the captured tables; see the README.",
					ex);
		}
		if (binlog != null && code == FATAL_ERROR_READING_BINLOG) {
			return new BinlogStreamException("The server at " + server + " cannot stream from "
					+ ((position != null) ? position : "the requested position") + ": " + message
					+ " The binary log may have been purged.",
					"Set binlog.start-position to a position the server still has (see SHOW BINARY LOGS) after "
							+ "removing the saved position, or set binlog.position.on-missing to 'earliest' or "
							+ "'latest'; changes in between are not delivered.",
					ex);
		}
		if (binlog != null) {
			return new BinlogStreamException("The server at " + server + " ended the binlog stream with error "
					+ binlog.getErrorCode() + ": " + message, "See the server's error log.", ex);
		}
		if (this.tls != null && (find(ex, SSLException.class) != null
				|| (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
				|| (sql == null && find(ex, IOException.class) != null))) {
			// the drivers and the binlog client word TLS failures each their own way: ask the server
			BinlogStreamException tlsProblem = this.tls.diagnose(this.details.getHost(), this.details.getPort(),
					this.connectTimeout);
			if (tlsProblem != null) {
				tlsProblem.addSuppressed(ex);
				return tlsProblem;
			}
		}
		if (find(ex, UnknownHostException.class) != null) {
			return new BinlogStreamException("Unknown host '" + this.details.getHost() + "' for the binlog server.",
					"Check binlog.host (or the host in spring.datasource.url when binlog.host is not set).", ex);
		}
		if (find(ex, ConnectException.class) != null || find(ex, SocketTimeoutException.class) != null
				|| find(ex, NoRouteToHostException.class) != null
				|| (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
			return new BinlogStreamException("Cannot connect to the MySQL/MariaDB server at " + server + ": "
					+ firstLine(rootMessage(ex)),
					"Check that the server is running and reachable, and check binlog.host, binlog.port and "
							+ "binlog.connect-timeout.",
					ex);
		}
		return new BinlogStreamException(
				"The MySQL/MariaDB server at " + server + " failed a startup check: " + firstLine(rootMessage(ex)),
				"Check the server and the privileges of user '" + this.details.getUsername()
						+ "' (REPLICATION SLAVE, REPLICATION CLIENT and SELECT).",
				ex);
	}

	/**
	 * Return whether the server ended the binlog stream because it no longer has the requested position.
	 * @param ex the error the server sent
	 * @return whether the position is missing (purged, or never written)
	 */
	public static boolean isMissingPosition(ServerException ex) {
		return ex.getErrorCode() == FATAL_ERROR_READING_BINLOG && !isDuplicateServerId(ex);
	}

	private static boolean isDuplicateServerId(ServerException ex) {
		String lower = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		return lower.contains("server_id") || lower.contains("server id") || lower.contains("server_uuid");
	}

	private String describe() {
		return this.details.getHost() + ":" + this.details.getPort();
	}

	/**
	 * Return the first exception of a type in a cause chain.
	 * @param <T> the type
	 * @param ex the exception
	 * @param type the type
	 * @return the exception, or {@code null}
	 */
	public static <T extends Throwable> @Nullable T find(@Nullable Throwable ex, Class<T> type) {
		while (ex != null) {
			if (type.isInstance(ex)) {
				return type.cast(ex);
			}
			ex = ex.getCause();
		}
		return null;
	}

	private static String rootMessage(Throwable ex) {
		String message = ex.getMessage();
		Throwable cause = ex.getCause();
		while (cause != null) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
			cause = cause.getCause();
		}
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "";
		}
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline) : message;
	}

}
