package dev.binlog.spring;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Rows deleted from one table.
 */
public class TableDeleteEvent extends TableChangeEvent {

	private final List<Row> rows;

	// built on first use: most listeners read the rows, not the changes
	private @Nullable List<RowChange> changes;

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
		super(source, position, eventTime, schema, table);
		this.rows = List.copyOf(rows);
	}

	@Override
	public List<RowChange> getChanges() {
		List<RowChange> result = this.changes;
		if (result == null) {
			result = this.rows.stream().map((row) -> new RowChange(Action.DELETE, row, null)).toList();
			this.changes = result;
		}
		return result;
	}

	@Override
	public int size() {
		return this.rows.size();
	}

	@Override
	public Action getAction() {
		return Action.DELETE;
	}

	/**
	 * Return the deleted rows.
	 * @return the rows as they were before the delete, in binlog order
	 */
	public List<Row> getRows() {
		return this.rows;
	}

}
