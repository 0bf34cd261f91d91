package dev.binlog.spring;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One changed row, published after the {@link TableChangeEvent} that carries it, for listeners that prefer to
 * handle one row at a time. Row-level events are only published while at least one listener accepts them (see
 * {@code binlog.row-events}).
 */
public class RowChangeEvent extends BinlogEvent {

	private final String schema;

	private final String table;

	private final RowChange change;

	/**
	 * Create an event.
	 * @param source the container that read the event
	 * @param position the binlog position just after the rows event that carried this row
	 * @param eventTime when the server wrote the event
	 * @param schema the schema name
	 * @param table the table name
	 * @param change the changed row
	 */
	public RowChangeEvent(Object source, BinlogPosition position, Instant eventTime, String schema, String table,
			RowChange change) {
		super(source, position, eventTime);
		this.schema = schema;
		this.table = table;
		this.change = change;
	}

	/**
	 * Return the schema (database) name.
	 * @return the schema
	 */
	public String getSchema() {
		return this.schema;
	}

	/**
	 * Return the table name.
	 * @return the table
	 */
	public String getTable() {
		return this.table;
	}

	/**
	 * Return what happened to the row.
	 * @return the action
	 */
	public Action getAction() {
		return this.change.action();
	}

	/**
	 * Return the changed row with its images.
	 * @return the change
	 */
	public RowChange getChange() {
		return this.change;
	}

	/**
	 * Return the image before the change.
	 * @return the before image, {@code null} for a write
	 */
	public @Nullable Row getBefore() {
		return this.change.before();
	}

	/**
	 * Return the image after the change.
	 * @return the after image, {@code null} for a delete
	 */
	public @Nullable Row getAfter() {
		return this.change.after();
	}

	/**
	 * Return the row after the change, or the deleted row for a delete.
	 * @return the row
	 */
	public Row getRow() {
		return this.change.row();
	}

	/**
	 * Return the key of this event in the form {@code action@schema.table#row}.
	 * @return the key
	 */
	public String getKey() {
		return getAction().name().toLowerCase(Locale.ROOT) + "@" + this.schema + "." + this.table + "#row";
	}

	@Override
	public String toString() {
		return "RowChangeEvent[" + getKey() + " " + getRow() + " at " + getPosition() + "]";
	}

}
