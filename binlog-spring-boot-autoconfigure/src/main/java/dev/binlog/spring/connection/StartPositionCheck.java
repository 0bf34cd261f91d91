package dev.binlog.spring.connection;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.binlog.spring.BinlogPosition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/**
 * Checks that a file and offset to start from name the start of an event the server has, so that a wrong offset is
 * reported as such rather than as a purged binlog or a full disk (see
 * {@link BinlogServer#checkStartPosition(BinlogPosition, String)}).
 */
final class StartPositionCheck {

	private static final Log logger = LogFactory.getLog(StartPositionCheck.class);

	// ER_ERROR_WHEN_EXECUTING_COMMAND, which SHOW BINLOG EVENTS gives for an offset inside an event
	private static final int ERROR_WHEN_EXECUTING_COMMAND = 1220;

	private static final Pattern BINLOG_FILE = Pattern.compile("(.*)\\.(\\d+)");

	private final JdbcTemplate jdbc;

	private final String server;

	StartPositionCheck(JdbcTemplate jdbc, String server) {
		this.jdbc = jdbc;
		this.server = server;
	}

	void check(BinlogPosition position, String source) {
		if (position.file().isEmpty()) {
			return;
		}
		Map<String, Long> files;
		try {
			files = this.jdbc.query("SHOW BINARY LOGS", (rs) -> {
				Map<String, Long> sizes = new LinkedHashMap<>();
				while (rs.next()) {
					sizes.put(rs.getString(1), rs.getLong(2));
				}
				return sizes;
			});
		}
		catch (DataAccessException ex) {
			logger.debug("Cannot list the binary logs of " + this.server + " to check " + source + " " + position
					+ ": " + rootMessage(ex));
			return;
		}
		Long size = (files != null) ? files.get(position.file()) : null;
		String where = (isProperty(source) ? source : StringUtils.capitalize(source)) + " " + position.file() + ":"
				+ position.position();
		if (size == null) {
			if (files == null || files.isEmpty() || !isOlderThanAll(position.file(), files.keySet())) {
				throw new BinlogStreamException(where + " names a binary log file that the server at " + this.server
						+ " does not have" + range(files) + ", and not an older one it purged: a file of another "
						+ "server, of this one before its binary log was reset (RESET MASTER), or a typo.",
						startPositionAction(source, null));
			}
			return;
		}
		if (position.position() > size) {
			throw new BinlogStreamException(where + " is past the end of " + position.file() + " on the server at "
					+ this.server + ", which is " + size + " bytes long: the server never wrote that far in this file "
					+ "(or lost its end in a crash).", startPositionAction(source, position.file()));
		}
		if (position.position() == size) {
			return;
		}
		try {
			this.jdbc.query("SHOW BINLOG EVENTS IN '" + position.file().replace("'", "''") + "' FROM "
					+ position.position() + " LIMIT 1", (rs) -> null);
		}
		catch (DataAccessException ex) {
			SQLException sql = ServerErrorTranslator.find(ex, SQLException.class);
			String message = (sql != null) ? String.valueOf(sql.getMessage()) : "";
			if (sql != null && sql.getErrorCode() == ERROR_WHEN_EXECUTING_COMMAND
					&& message.toLowerCase(Locale.ROOT).contains("wrong offset")) {
				throw new BinlogStreamException(where + " is not the start of an event in " + position.file()
						+ " on the server at " + this.server + ": " + firstLine(message),
						startPositionAction(source, position.file()), ex);
			}
			// refused, or purged meanwhile: the stream reports it
			logger.debug("Cannot check " + where + " with SHOW BINLOG EVENTS: " + firstLine(message));
		}
	}

	private static String startPositionAction(String source, @Nullable String file) {
		String set = "set binlog.start-position to " + ((file != null)
				? "the start of an event (a Pos or End_log_pos that SHOW BINLOG EVENTS IN '" + file + "' lists)"
				: "a position the server has (see SHOW BINARY LOGS)") + ", or to 'earliest', 'latest' or a 'gtid:' set.";
		return isProperty(source) ? StringUtils.capitalize(set)
				: "Delete " + source + " (a saved position wins over binlog.start-position), then " + set;
	}

	private static boolean isProperty(String source) {
		return source.startsWith("binlog.");
	}

	// binlog files are named base.000001, base.000002, ...; purging removes the oldest
	private static boolean isOlderThanAll(String file, Collection<String> files) {
		Matcher wanted = BINLOG_FILE.matcher(file);
		if (!wanted.matches()) {
			return false;
		}
		for (String each : files) {
			Matcher existing = BINLOG_FILE.matcher(each);
			if (!existing.matches() || !existing.group(1).equals(wanted.group(1))
					|| new BigInteger(existing.group(2)).compareTo(new BigInteger(wanted.group(2))) <= 0) {
				return false;
			}
		}
		return true;
	}

	private static String range(@Nullable Map<String, Long> files) {
		if (files == null || files.isEmpty()) {
			return "";
		}
		List<String> names = List.copyOf(files.keySet());
		return " (it has " + names.get(0) + ((names.size() > 1) ? " to " + names.get(names.size() - 1) : "") + ")";
	}

	private static String firstLine(String message) {
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline) : message;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

}
