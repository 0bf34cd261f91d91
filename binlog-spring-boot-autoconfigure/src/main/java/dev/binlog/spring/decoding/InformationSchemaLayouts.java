package dev.binlog.spring.decoding;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import dev.binlog.spring.BinlogPosition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The layouts of tables whose TABLE_MAP events carry no column names ({@code binlog_row_metadata} MINIMAL or
 * NO_LOG), as they were when each event was written.
 * <p>
 * {@code information_schema.COLUMNS} shows a table as it is now, which is its layout at an event only if no
 * statement changed the table between the event and the moment of the read. A layout is therefore read only after
 * checking the binary log from the event up to the server's current position for statements on the table
 * ({@link SchemaChangeLog}): with none, the layout is right from that event until the stream reads a statement that
 * changes the table, and is kept for that stretch ({@link TableLayoutHistory}); with one, the layout at the event
 * cannot be known (the stream lags behind the change, or the application was down across it) and decoding stops
 * with a message. A statement changes only the layouts of the tables it names. Not thread-safe: used by the binlog
 * thread.
 */
final class InformationSchemaLayouts {

	private static final Log logger = LogFactory.getLog(InformationSchemaLayouts.class);

	private static final int MAX_STATEMENT_IN_MESSAGE = 200;

	private final TableMetadataResolver resolver;

	private final SchemaChangeLog changes;

	private final TableLayoutHistory history = new TableLayoutHistory();

	InformationSchemaLayouts(TableMetadataResolver resolver, SchemaChangeLog changes) {
		this.resolver = resolver;
		this.changes = changes;
	}

	/**
	 * Return the layout a table had when a TABLE_MAP event was written.
	 * @param tableMap the event
	 * @param at the position just after the event
	 * @return the layout
	 * @throws TableLayoutMismatchException when the layout at the event cannot be known
	 */
	TableMetadata resolve(TableMapEventData tableMap, BinlogPosition at) {
		TableMetadata known = this.history.find(tableMap, at);
		if (known != null) {
			return known;
		}
		String schema = tableMap.getDatabase();
		String table = tableMap.getTable();
		if (at.file().isEmpty()) {
			throw new IllegalStateException("The binlog file of the TABLE_MAP event of " + schema + "." + table
					+ " is unknown, so its layout cannot be checked");
		}
		// read first: the binary log up to the position read afterwards holds every change the read may show
		TableMetadata now = this.resolver.fromInformationSchema(tableMap);
		SchemaChangeLog.Change change = this.changes.firstChangeAfter(at, schema, table);
		if (change != null) {
			throw changedSince(schema, table, at, change);
		}
		logger.debug("Layout of " + schema + "." + table + " from " + at + ": " + now);
		this.history.add(tableMap, at, now);
		return now;
	}

	/**
	 * The stream read a statement that may have changed tables.
	 * @param statement the statement
	 * @param at the position just after it
	 */
	void statement(DdlStatement statement, BinlogPosition at) {
		this.history.changed(statement, at);
	}

	private static TableLayoutMismatchException changedSince(String schema, String table, BinlogPosition at,
			SchemaChangeLog.Change change) {
		String statement = change.statement().text().strip();
		if (statement.length() > MAX_STATEMENT_IN_MESSAGE) {
			statement = statement.substring(0, MAX_STATEMENT_IN_MESSAGE) + "...";
		}
		BinlogPosition after = change.at();
		return new TableLayoutMismatchException("Cannot name the columns of " + schema + "." + table + " at " + at
				+ ": the server does not log column names (binlog_row_metadata is not FULL) and the table was changed "
				+ "after this event by '" + statement + "' at " + after.file() + ":" + after.position() + ", which "
				+ "the stream had not read when it looked the layout up (it was lagging behind the change, or the "
				+ "application was down across it). information_schema.COLUMNS shows the table after the change, so "
				+ "its layout at this event cannot be known. Set binlog_row_metadata=FULL on the server (for the "
				+ "changes to come); or start after the change with binlog.start-position=" + after.file() + ":"
				+ after.position() + ", which skips the events in between; or exclude the table (binlog.exclude).");
	}

}
