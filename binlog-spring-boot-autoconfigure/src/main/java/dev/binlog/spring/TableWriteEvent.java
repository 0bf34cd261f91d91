package dev.binlog.spring;

import java.time.Instant;
import java.util.List;

/**
 * Rows inserted into one table.
 */
public class TableWriteEvent extends TableChangeEvent {

	private final List<Row> rows;

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
		super(source, position, eventTime, schema, table,
				rows.stream().map((row) -> new RowChange(Action.WRITE, null, row)).toList());
		this.rows = List.copyOf(rows);
	}

	@Override
	public Action getAction() {
		return Action.WRITE;
	}

	/**
	 * Return the inserted rows.
	 * @return the rows, in binlog order
	 */
	public List<Row> getRows() {
		return this.rows;
	}

}
