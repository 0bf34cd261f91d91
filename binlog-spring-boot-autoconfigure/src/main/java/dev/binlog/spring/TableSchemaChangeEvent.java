package dev.binlog.spring;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A DDL statement changed a captured table: {@code ALTER TABLE}, {@code CREATE TABLE}, {@code DROP TABLE},
 * {@code RENAME TABLE} (one event for the old name and one for the new), or {@code TRUNCATE TABLE} (a
 * {@link TableTruncateEvent}). Published in binlog order, after the change events written before the statement and
 * before those written after it, one event per captured table the statement names.
 * <p>
 * The layouts come from what the starter already knows, not from parsing the statement:
 * <ul>
 * <li>{@link #getColumnsBefore() before} is the layout of the table's last rows event the stream read on this
 * connection, or the layout after the previous statement on the table when that was known and no rows event came
 * since; {@code null} when neither is known (nothing of the table read since the stream started or reconnected, a
 * table the statement creates).</li>
 * <li>{@link #getColumnsAfter() after} is read from {@code information_schema.COLUMNS} when the statement is read,
 * which shows the table as it is <em>now</em>: it is given only when the binlog from the statement up to the
 * server's current position holds no later statement on the table (the stream is caught up with that table), and
 * is {@code null} otherwise (the stream lags behind a later change, or the server refused {@code SHOW BINLOG
 * EVENTS}). The layout of the next rows event of the table is then the first one known after the statement.</li>
 * </ul>
 * An empty "after" means the table no longer exists: after a {@code DROP TABLE}, or for the old name of a renamed
 * table.
 */
public class TableSchemaChangeEvent extends SchemaChangeEvent {

	private final String schema;

	private final String table;

	private final @Nullable List<TableColumn> columnsBefore;

	private final @Nullable List<TableColumn> columnsAfter;

	/**
	 * Create an event.
	 * @param source the container that read the event
	 * @param position the position just after the statement
	 * @param eventTime when the server wrote the statement
	 * @param statement the statement as the server logged it
	 * @param database the statement's default database, or {@code null}
	 * @param schema the schema of the changed table
	 * @param table the changed table
	 * @param columnsBefore the layout before the statement, or {@code null} when unknown
	 * @param columnsAfter the layout after the statement, or {@code null} when unknown
	 */
	public TableSchemaChangeEvent(Object source, BinlogPosition position, Instant eventTime, String statement,
			@Nullable String database, String schema, String table, @Nullable List<TableColumn> columnsBefore,
			@Nullable List<TableColumn> columnsAfter) {
		super(source, position, eventTime, statement, database);
		this.schema = schema;
		this.table = table;
		this.columnsBefore = (columnsBefore != null) ? List.copyOf(columnsBefore) : null;
		this.columnsAfter = (columnsAfter != null) ? List.copyOf(columnsAfter) : null;
	}

	/**
	 * Return the schema of the changed table.
	 * @return the schema
	 */
	public String getSchema() {
		return this.schema;
	}

	/**
	 * Return the changed table.
	 * @return the table name
	 */
	public String getTable() {
		return this.table;
	}

	/**
	 * Return the table's columns before the statement, in order.
	 * @return the layout, empty when the table did not exist before, {@code null} when unknown (see the class
	 * description)
	 */
	public @Nullable List<TableColumn> getColumnsBefore() {
		return this.columnsBefore;
	}

	/**
	 * Return the table's columns right after the statement, in order.
	 * @return the layout, empty when the table no longer exists, {@code null} when unknown (see the class
	 * description)
	 */
	public @Nullable List<TableColumn> getColumnsAfter() {
		return this.columnsAfter;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.schema + "." + this.table + " '" + getStatement() + "' at "
				+ getPosition() + "]";
	}

}
