package dev.binlog.spring;

import java.time.Instant;
import java.util.List;

/**
 * Rows updated in one table, each as a before/after pair.
 */
public class TableUpdateEvent extends TableChangeEvent {

	private final List<RowChange> rows;

	/**
	 * Create an event.
	 * @param source the container that read the event
	 * @param position the binlog position just after the event
	 * @param eventTime when the server wrote the event
	 * @param schema the schema name
	 * @param table the table name
	 * @param rows the updated rows, each with {@link RowChange#before()} and {@link RowChange#after()}
	 */
	public TableUpdateEvent(Object source, BinlogPosition position, Instant eventTime, String schema, String table,
			List<RowChange> rows) {
		super(source, position, eventTime, schema, table);
		this.rows = List.copyOf(rows);
	}

	@Override
	public Action getAction() {
		return Action.UPDATE;
	}

	/**
	 * Return the updated rows as before/after pairs.
	 * @return the rows, in binlog order
	 */
	public List<RowChange> getRows() {
		return this.rows;
	}

	@Override
	public List<RowChange> getChanges() {
		return this.rows;
	}

	@Override
	public int size() {
		return this.rows.size();
	}

}
