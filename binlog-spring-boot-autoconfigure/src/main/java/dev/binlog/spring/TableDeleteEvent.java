package dev.binlog.spring;

import java.time.Instant;
import java.util.List;

/**
 * Rows deleted from one table; {@link #getRows()} holds them as they were before the delete.
 */
public class TableDeleteEvent extends TableRowsEvent {

	/**
	 * Create an event.
	 * @param source the container that read the event
	 * @param position the binlog position just after the event
	 * @param eventTime when the server wrote the event
	 * @param schema the schema name
	 * @param table the table name
	 * @param rows the deleted rows, as they were before the delete
	 */
	public TableDeleteEvent(Object source, BinlogPosition position, Instant eventTime, String schema, String table,
			List<Row> rows) {
		super(source, position, eventTime, schema, table, rows);
	}

	@Override
	protected RowChange toChange(Row row) {
		return new RowChange(Action.DELETE, row, null);
	}

	@Override
	public Action getAction() {
		return Action.DELETE;
	}

}
