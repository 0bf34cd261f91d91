package dev.binlog.spring;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * {@code TRUNCATE TABLE} emptied a captured table. The server logs the statement, not the deleted rows, so no
 * {@link TableDeleteEvent} is published: a read model of the table should clear it on this event. The layout does
 * not change (before and after are the same when both are known).
 */
public class TableTruncateEvent extends TableSchemaChangeEvent {

	/**
	 * Create an event.
	 * @param source the container that read the event
	 * @param position the position just after the statement
	 * @param eventTime when the server wrote the statement
	 * @param statement the statement as the server logged it
	 * @param database the statement's default database, or {@code null}
	 * @param schema the schema of the emptied table
	 * @param table the emptied table
	 * @param columnsBefore the layout before the statement, or {@code null} when unknown
	 * @param columnsAfter the layout after the statement, or {@code null} when unknown
	 */
	public TableTruncateEvent(Object source, BinlogPosition position, Instant eventTime, String statement,
			@Nullable String database, String schema, String table, @Nullable List<TableColumn> columnsBefore,
			@Nullable List<TableColumn> columnsAfter) {
		super(source, position, eventTime, statement, database, schema, table, columnsBefore, columnsAfter);
	}

}
