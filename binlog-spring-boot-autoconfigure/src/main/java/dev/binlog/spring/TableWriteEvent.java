package dev.binlog.spring;

import java.time.Instant;
import java.util.List;

/**
 * Rows inserted into one table.
 */
public class TableWriteEvent extends TableRowsEvent {

	/**
	 * Create an event.
	 * @param source the container that read the event
	 * @param position the binlog position just after the event
	 * @param eventTime when the server wrote the event
	 * @param schema the schema name
	 * @param table the table name
	 * @param rows the inserted rows
	 */
	public TableWriteEvent(Object source, BinlogPosition position, Instant eventTime, String schema, String table,
			List<Row> rows) {
		super(source, position, eventTime, schema, table, rows);
	}

	@Override
	protected RowChange toChange(Row row) {
		return new RowChange(Action.WRITE, null, row);
	}

	@Override
	public Action getAction() {
		return Action.WRITE;
	}

}
