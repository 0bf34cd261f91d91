package dev.binlog.spring.decoding;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogStreamException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The statements the server wrote to its binary log after the event being decoded, read ahead of the stream with
 * {@code SHOW BINLOG EVENTS} up to the server's current position: it tells whether {@code information_schema},
 * which shows every table as it is now, still shows a table as it was at the event. What it has read is kept, so
 * the binlog ahead of a lagging stream is read once, not once per table. The work is bounded: a gap longer than
 * {@value #MAX_EVENTS} events is refused rather than read. Not thread-safe: used by the binlog thread.
 */
final class SchemaChangeLog {

	static final int MAX_EVENTS = 200_000;

	private static final int PAGE = 5_000;

	// the statements kept are DDL, rarely many; past this, start again from the next question
	private static final int MAX_KEPT = 10_000;

	// ER_SPECIFIC_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR
	private static final List<Integer> ACCESS_DENIED = List.of(1227, 1045, 1044);

	// ER_PARSE_ERROR: SHOW MASTER STATUS on MySQL 8.4
	private static final int PARSE_ERROR = 1064;

	private final JdbcTemplate jdbc;

	// the statements that may change a table, in (from, to] of the binary log
	private final List<Change> changes = new ArrayList<>();

	private @Nullable BinlogPosition from;

	private @Nullable BinlogPosition to;

	SchemaChangeLog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A statement of the binary log that may have changed tables.
	 * @param at the position just after its event
	 * @param statement the statement
	 */
	record Change(BinlogPosition at, DdlStatement statement) {
	}

	/**
	 * Return the first statement after a position, up to the server's current position, that may have changed a
	 * table.
	 * @param after the position just after the event being decoded
	 * @param schema the table's schema
	 * @param table the table
	 * @return the first such statement, or {@code null} when there is none
	 * @throws TableLayoutMismatchException when the binary log up to now is too long to read
	 * @throws BinlogStreamException when the server refuses {@code SHOW BINLOG EVENTS}
	 */
	@Nullable Change firstChangeAfter(BinlogPosition after, String schema, String table) {
		BinlogPosition now;
		try {
			// information_schema was read before this: whatever it showed is in the binary log up to here
			now = currentPosition();
			if (this.from == null || this.to == null || TableLayoutHistory.compare(after, this.from) < 0
					|| TableLayoutHistory.compare(after, this.to) > 0 || this.changes.size() > MAX_KEPT) {
				this.changes.clear();
				this.from = after;
				this.to = after;
			}
			if (TableLayoutHistory.compare(this.to, now) < 0) {
				read(this.to, now, after, schema, table);
				this.to = now;
			}
		}
		catch (DataAccessException ex) {
			throw refused(ex, after, schema, table);
		}
		for (Change change : this.changes) {
			if (TableLayoutHistory.compare(change.at(), after) > 0 && change.statement().changes(schema, table)) {
				return change;
			}
		}
		return null;
	}

	private BinlogPosition currentPosition() {
		try {
			return status("SHOW MASTER STATUS");
		}
		catch (DataAccessException ex) {
			if (errorCode(ex) != PARSE_ERROR) {
				throw ex;
			}
			// MySQL 8.4 knows only the new name
			return status("SHOW BINARY LOG STATUS");
		}
	}

	private BinlogPosition status(String query) {
		BinlogPosition position = this.jdbc.query(query,
				(rs) -> rs.next() ? new BinlogPosition(rs.getString(1), rs.getLong(2), null) : null);
		if (position == null) {
			throw new IllegalStateException("The server reports no binary log status");
		}
		return position;
	}

	private void read(BinlogPosition start, BinlogPosition end, BinlogPosition after, String schema, String table) {
		List<String> files = List.of(start.file());
		if (!start.file().equals(end.file())) {
			files = this.jdbc.query("SHOW BINARY LOGS", (rs, row) -> rs.getString(1))
				.stream()
				.filter((file) -> TableLayoutHistory.compareFiles(file, start.file()) >= 0
						&& TableLayoutHistory.compareFiles(file, end.file()) <= 0)
				.toList();
		}
		int events = 0;
		for (String file : files) {
			long offset = file.equals(start.file()) ? start.position() : 4;
			long limit = file.equals(end.file()) ? end.position() : Long.MAX_VALUE;
			boolean more = true;
			while (more && offset < limit) {
				List<String[]> page = this.jdbc.query("SHOW BINLOG EVENTS IN '" + file.replace("'", "''") + "' FROM "
						+ offset + " LIMIT " + PAGE, (rs, row) -> new String[] { rs.getString("Event_type"),
								rs.getString("End_log_pos"), rs.getString("Info") });
				more = page.size() == PAGE;
				for (String[] event : page) {
					long endOfEvent = Long.parseLong(event[1]);
					if (endOfEvent > limit) {
						more = false;
						break;
					}
					if (++events > MAX_EVENTS) {
						throw tooLong(after, end, schema, table);
					}
					offset = endOfEvent;
					if (event[0] != null && event[0].startsWith("Query") && event[2] != null) {
						DdlStatement statement = DdlStatement.parseShowBinlogEventsInfo(event[2]);
						if (!statement.changesNothing()) {
							this.changes.add(new Change(new BinlogPosition(file, endOfEvent, null), statement));
						}
					}
				}
			}
		}
	}

	private static TableLayoutMismatchException tooLong(BinlogPosition after, BinlogPosition now, String schema,
			String table) {
		return new TableLayoutMismatchException("Cannot name the columns of " + schema + "." + table + " at "
				+ after + ": the server does not log column names (binlog_row_metadata is not FULL), so they come "
				+ "from information_schema.COLUMNS, which is right for this event only if the table was not changed "
				+ "since; the binary log from there to the server's current position " + now + " holds more than "
				+ MAX_EVENTS + " events, too many to check. Set binlog_row_metadata=FULL on the server, or start "
				+ "later (binlog.start-position), or exclude the table (binlog.exclude).");
	}

	private BinlogStreamException refused(DataAccessException ex, BinlogPosition after, String schema, String table) {
		SQLException cause = sqlCause(ex);
		String message = String.valueOf((cause != null) ? cause.getMessage() : ex.getMessage());
		int newline = message.indexOf('\n');
		message = (newline >= 0) ? message.substring(0, newline) : message;
		boolean denied = ACCESS_DENIED.contains(errorCode(ex));
		return new BinlogStreamException("Cannot tell whether " + schema + "." + table + " was changed after "
				+ after + ": without binlog_row_metadata=FULL its column names come from information_schema.COLUMNS, "
				+ "which is right for an older event only if no ALTER of the table came after it, and reading the "
				+ "binary log to check (SHOW BINARY LOGS, SHOW BINLOG EVENTS) failed. The server says: " + message,
				(denied ? "GRANT REPLICATION CLIENT ON *.* (BINLOG MONITOR on MariaDB) to the binlog user; or " : "")
						+ "set binlog_row_metadata=FULL on the server; or exclude the table (binlog.exclude).");
	}

	private static int errorCode(DataAccessException ex) {
		SQLException cause = sqlCause(ex);
		return (cause != null) ? cause.getErrorCode() : 0;
	}

	private static @Nullable SQLException sqlCause(Throwable ex) {
		Throwable cause = ex;
		while (cause != null && !(cause instanceof SQLException)) {
			cause = cause.getCause();
		}
		return (SQLException) cause;
	}

}
