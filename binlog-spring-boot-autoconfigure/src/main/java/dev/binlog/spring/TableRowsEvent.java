package dev.binlog.spring;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A table event that carries whole rows, one image each: rows written, deleted, or read by a snapshot. The
 * {@link #getChanges() changes} are built from the rows on first use, since most listeners read the rows.
 */
public abstract class TableRowsEvent extends TableChangeEvent {

	private final List<Row> rows;

	private @Nullable List<RowChange> changes;

	/**
	 * Create an event.
	 * @param source the container that read the rows
	 * @param position the binlog position of the rows
	 * @param eventTime when the rows were written or read
	 * @param schema the schema name
	 * @param table the table name
	 * @param rows the rows
	 */
	protected TableRowsEvent(Object source, BinlogPosition position, Instant eventTime, String schema, String table,
			List<Row> rows) {
		super(source, position, eventTime, schema, table);
		this.rows = List.copyOf(rows);
	}

	/**
	 * Return the change one row stands for.
	 * @param row the row
	 * @return the change
	 */
	protected abstract RowChange toChange(Row row);

	@Override
	public List<RowChange> getChanges() {
		List<RowChange> result = this.changes;
		if (result == null) {
			result = this.rows.stream().map(this::toChange).toList();
			this.changes = result;
		}
		return result;
	}

	@Override
	public int size() {
		return this.rows.size();
	}

	/**
	 * Return the rows.
	 * @return the rows, in the order of the event
	 */
	public List<Row> getRows() {
		return this.rows;
	}

}
