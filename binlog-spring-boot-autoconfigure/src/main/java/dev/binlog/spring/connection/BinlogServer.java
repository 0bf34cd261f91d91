package dev.binlog.spring.connection;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.sql.DataSource;

import dev.binlog.spring.BinlogPosition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.ClassUtils;

/**
 * The SQL side of the binlog server: a JDBC {@link DataSource} for the look-ups the binlog does not carry
 * ({@code information_schema}, collations) and the checks run before streaming, which turn a misconfigured server
 * into a message that names the setting to change.
 */
public final class BinlogServer {

	private static final Log logger = LogFactory.getLog(BinlogServer.class);

	private static final long RETRY_PAUSE_MILLIS = 250;

	private static final String[][] DRIVERS = { { "org.mariadb.jdbc.Driver", "jdbc:mariadb://" },
			{ "com.mysql.cj.jdbc.Driver", "jdbc:mysql://" } };

	private final BinlogLogin details;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final ServerErrorTranslator errors;

	private final Duration connectTimeout;

	/**
	 * Create the JDBC side of a binlog server.
	 * @param details the connection details
	 * @param connectTimeout the time to wait for a TCP connection
	 * @param classLoader the class loader to find a JDBC driver with
	 * @throws BinlogStreamException if no MySQL or MariaDB JDBC driver is on the class path
	 */
	public BinlogServer(BinlogLogin details, Duration connectTimeout, @Nullable ClassLoader classLoader) {
		this(details, connectTimeout, classLoader, null);
	}

	/**
	 * Create the JDBC side of a binlog server, connecting with TLS when {@code tls} is given.
	 * @param details the connection details
	 * @param connectTimeout the time to wait for a TCP connection
	 * @param classLoader the class loader to find a JDBC driver with
	 * @param tls the TLS settings ({@code binlog.ssl.*}), or {@code null} for plain text
	 * @throws BinlogStreamException if no MySQL or MariaDB JDBC driver is on the class path
	 */
	public BinlogServer(BinlogLogin details, Duration connectTimeout, @Nullable ClassLoader classLoader,
			@Nullable BinlogTls tls) {
		this.details = details;
		this.dataSource = createDataSource(details, connectTimeout, classLoader, tls);
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.errors = new ServerErrorTranslator(details, connectTimeout, tls);
		this.connectTimeout = connectTimeout;
	}

	private static DataSource createDataSource(BinlogLogin details, Duration connectTimeout,
			@Nullable ClassLoader classLoader, @Nullable BinlogTls tls) {
		for (String[] driver : DRIVERS) {
			if (ClassUtils.isPresent(driver[0], classLoader)) {
				String url = driver[1] + hostForUrl(details.getHost()) + ":" + details.getPort() + "/?connectTimeout="
						+ connectTimeout.toMillis();
				try {
					Driver instance = (Driver) ClassUtils.forName(driver[0], classLoader)
						.getDeclaredConstructor()
						.newInstance();
					SimpleDriverDataSource dataSource = new SimpleDriverDataSource(instance, url, details.getUsername(),
							details.getPassword());
					if (tls != null) {
						// properties rather than URL parameters: nothing of the TLS settings shows in the URL
						dataSource.setConnectionProperties(tls.jdbcProperties(driver[0]));
					}
					return dataSource;
				}
				catch (ReflectiveOperationException | LinkageError ex) {
					throw new IllegalStateException("Cannot create JDBC driver " + driver[0], ex);
				}
			}
		}
		throw new BinlogStreamException(
				"No MySQL or MariaDB JDBC driver is on the class path; the binlog starter needs one to read table "
						+ "metadata and check the server.",
				"Add the dependency org.mariadb.jdbc:mariadb-java-client or com.mysql:mysql-connector-j.");
	}

	private static String hostForUrl(String host) {
		return (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
	}

	/**
	 * Return a JDBC template connected to the server.
	 * @return the template
	 */
	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/**
	 * Return a description of the server for messages: {@code host:port}, never credentials.
	 * @return the description
	 */
	public String describe() {
		return this.details.getHost() + ":" + this.details.getPort();
	}

	/**
	 * Check that the server can be reached, accepts the credentials and writes a row-based binary log. A server
	 * that refuses connections (not yet started, restarting) is tried again every {@value #RETRY_PAUSE_MILLIS} ms
	 * until the connect timeout ({@code binlog.connect-timeout}) has passed in total; a refused login, a missing
	 * privilege or a TLS problem fails at once.
	 * @return what the server reported
	 * @throws BinlogStreamException describing the first problem found and what to change
	 */
	public ServerInfo inspect() {
		long deadline = System.nanoTime() + this.connectTimeout.toNanos();
		for (int attempt = 1;; attempt++) {
			ServerInfo info;
			try {
				info = this.jdbc.queryForObject(
						"SELECT @@version, @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id",
						(rs, row) -> new ServerInfo(rs.getString(1), rs.getBoolean(2), rs.getString(3),
								rs.getString(4), rowMetadata(), rs.getLong(5)));
			}
			catch (DataAccessException ex) {
				long remaining = deadline - System.nanoTime();
				if (!isConnectionFailure(ex) || remaining <= 0) {
					throw this.errors.translate(ex);
				}
				if (attempt == 1) {
					logger.info("Cannot connect to the MySQL/MariaDB server at " + describe() + " yet ("
							+ rootMessage(ex) + "); trying again until binlog.connect-timeout ("
							+ this.connectTimeout.toMillis() + " ms) has passed");
				}
				pause(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MILLIS)), ex);
				continue;
			}
			return java.util.Objects.requireNonNull(info).check(describe());
		}
	}

	private void pause(long nanos, DataAccessException failure) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw this.errors.translate(failure);
		}
	}

	/**
	 * Return whether a failure means that nothing answered (yet): connection refused, no route, a time-out or a
	 * dropped connection, which a server that is starting or restarting gives for a few seconds. A refused login, a
	 * TLS failure or an unknown host would not go away by waiting.
	 * @param ex the failure
	 * @return whether trying again may help
	 */
	static boolean isConnectionFailure(Throwable ex) {
		boolean connection = false;
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException || cause instanceof UnknownHostException) {
				return false;
			}
			if (cause instanceof SQLException sql) {
				String state = sql.getSQLState();
				if (state != null && state.startsWith("28")) {
					return false;
				}
				connection |= state != null && state.startsWith("08");
			}
			connection |= cause instanceof ConnectException || cause instanceof NoRouteToHostException
					|| cause instanceof SocketTimeoutException;
		}
		return connection;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	/**
	 * Check that the server has a binlog file and offset to start streaming from, before the stream is opened:
	 * the binlog dump of a position inside an event ends with an error that reads like a purged binlog or a full
	 * disk. Offsets are checked with {@code SHOW BINARY LOGS} and {@code SHOW BINLOG EVENTS}; where the server
	 * refuses those (they need {@code BINLOG MONITOR}, formerly {@code REPLICATION CLIENT}, on MariaDB and
	 * {@code REPLICATION SLAVE} on MySQL) the check is skipped.
	 * <p>
	 * An offset equal to the file's size is valid (the next event starts there). A file older than the oldest one
	 * the server has was purged: that is left to the stream, where {@code binlog.position.on-missing} decides. A
	 * position without a file (one that starts by GTID) is not checked.
	 * @param position the position to start from
	 * @param source where the position comes from, named in the messages: {@code binlog.start-position}, or a
	 * description of the saved record such as {@code the saved position 'default' in table binlog_position}
	 * @throws BinlogStreamException if the offset is not the start of an event or lies past the end of the file, or
	 * if the server does not have the file and it is not older than the files it has
	 */
	public void checkStartPosition(BinlogPosition position, String source) {
		new StartPositionCheck(this.jdbc, describe()).check(position, source);
	}

	/**
	 * Return the end of the server's current binary log, with the GTID set executed up to there where the server
	 * can tell.
	 * @param mariaDb whether the server is MariaDB
	 * @return the current position
	 */
	public BinlogPosition currentPosition(boolean mariaDb) {
		try {
			BinlogPosition position = this.jdbc.query(statusQuery(mariaDb), (rs) -> {
				if (!rs.next()) {
					throw new BinlogStreamException("The server at " + describe() + " reports no binary log status.",
							"Enable the binary log (log_bin) and grant REPLICATION CLIENT to user '"
									+ this.details.getUsername() + "'.");
				}
				String gtid = (rs.getMetaData().getColumnCount() >= 5) ? rs.getString(5) : null;
				return new BinlogPosition(rs.getString(1), rs.getLong(2), emptyToNull(gtid));
			});
			if (mariaDb && position != null) {
				String gtid = this.jdbc.queryForObject("SELECT BINLOG_GTID_POS(?, ?)", String.class, position.file(),
						position.position());
				position = position.withGtidSet(emptyToNull(gtid));
			}
			return java.util.Objects.requireNonNull(position);
		}
		catch (DataAccessException ex) {
			throw this.errors.translate(ex);
		}
	}

	/**
	 * Return the start of the oldest binary log the server still has.
	 * @return the earliest position
	 */
	public BinlogPosition earliestPosition() {
		try {
			String file = this.jdbc.query("SHOW BINARY LOGS", (rs) -> rs.next() ? rs.getString(1) : null);
			if (file == null) {
				throw new BinlogStreamException("The server at " + describe() + " lists no binary logs.",
						"Enable the binary log (log_bin) on the server.");
			}
			return new BinlogPosition(file, 4, null);
		}
		catch (DataAccessException ex) {
			throw this.errors.translate(ex);
		}
	}

	// MySQL 8.4 removed SHOW MASTER STATUS in favour of SHOW BINARY LOG STATUS, which MariaDB does not know
	private String statusQuery(boolean mariaDb) {
		if (mariaDb) {
			return "SHOW MASTER STATUS";
		}
		String version = this.jdbc.queryForObject("SELECT @@version", String.class);
		return isAtLeast(version, 8, 4) ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
	}

	/**
	 * Return whether a version string such as {@code 8.4.2} or {@code 8.0.36-log} is at least the given version.
	 * @param version the version string
	 * @param major the major version
	 * @param minor the minor version
	 * @return whether the version is at least major.minor
	 */
	static boolean isAtLeast(@Nullable String version, int major, int minor) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(String.valueOf(version));
		if (!matcher.find()) {
			return false;
		}
		int foundMajor = Integer.parseInt(matcher.group(1));
		int foundMinor = Integer.parseInt(matcher.group(2));
		return foundMajor > major || (foundMajor == major && foundMinor >= minor);
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		// MySQL folds long GTID sets over several lines
		return (value == null || value.isBlank()) ? null : value.replace("\n", "");
	}

	private @Nullable String rowMetadata() {
		try {
			return this.jdbc.queryForObject("SELECT @@binlog_row_metadata", String.class);
		}
		catch (DataAccessException ex) {
			// servers before MySQL 8.0.1 and MariaDB 10.5 have no such variable: names come from information_schema
			return null;
		}
	}

	/**
	 * Return the translator of this server's errors into messages naming what to change.
	 * @return the translator
	 */
	public ServerErrorTranslator errors() {
		return this.errors;
	}

	/**
	 * What the server reported about its binary log.
	 *
	 * @param version the server version string
	 * @param binaryLog whether the binary log is enabled ({@code log_bin})
	 * @param binlogFormat the {@code binlog_format}
	 * @param rowImage the {@code binlog_row_image}
	 * @param rowMetadata the {@code binlog_row_metadata}, or {@code null} on servers without it
	 * @param serverId the server's {@code server_id}
	 */
	public record ServerInfo(String version, boolean binaryLog, String binlogFormat, String rowImage,
			@Nullable String rowMetadata, long serverId) {

		/**
		 * Return whether the server is MariaDB.
		 * @return whether the server is MariaDB
		 */
		public boolean mariaDb() {
			return this.version.toLowerCase(Locale.ROOT).contains("mariadb");
		}

		/**
		 * Return whether TABLE_MAP events carry column names.
		 * @return whether {@code binlog_row_metadata} is {@code FULL}
		 */
		public boolean fullRowMetadata() {
			return "FULL".equalsIgnoreCase(this.rowMetadata);
		}

		ServerInfo check(String server) {
			if (!this.binaryLog) {
				throw new BinlogStreamException("The binary log is disabled on the server at " + server
						+ " (log_bin is OFF), so there are no changes to stream.",
						"Start the server with the binary log enabled: log_bin (--log-bin), binlog_format=ROW and a "
								+ "unique server_id in its configuration file, then restart it.");
			}
			if (!"ROW".equalsIgnoreCase(this.binlogFormat)) {
				throw new BinlogStreamException("The server at " + server + " writes its binary log with binlog_format="
						+ this.binlogFormat + "; row changes can only be read with binlog_format=ROW.",
						"Set binlog_format=ROW in the server's configuration file (and SET GLOBAL binlog_format='ROW' "
								+ "for the running server; sessions opened before keep the old format).");
			}
			return this;
		}

	}

}
