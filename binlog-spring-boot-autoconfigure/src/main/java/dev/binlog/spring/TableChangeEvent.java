package dev.binlog.spring;

import java.time.Instant;
import java.util.List;

/**
 * Rows of one table changed by one action: the common supertype of {@link TableWriteEvent},
 * {@link TableUpdateEvent} and {@link TableDeleteEvent}. One such event is published per binlog rows event, so a
 * statement that changes many rows may produce several events, all in binlog order.
 */
public abstract class TableChangeEvent extends BinlogEvent {

	private final String schema;

	private final String table;

	protected TableChangeEvent(Object source, BinlogPosition position, Instant eventTime, String schema,
			String table) {
		super(source, position, eventTime);
		this.schema = schema;
		this.table = table;
	}

	/**
	 * Return the action of every row in this event.
	 * @return the action
	 */
	public abstract Action getAction();

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
	 * Return every changed row with its before and after images.
	 * @return the changes, in binlog order
	 */
	public abstract List<RowChange> getChanges();

	/**
	 * Return the number of changed rows.
	 * @return the number of rows
	 */
	public abstract int size();

	/**
	 * Return the key of this event in the form {@code action@schema.table}, for example
	 * {@code update@shop.orders}, convenient for logging and for {@code @EventListener(condition = ...)}.
	 * @return the key
	 */
	public String getKey() {
		return getAction().name().toLowerCase(java.util.Locale.ROOT) + "@" + this.schema + "." + this.table;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + getKey() + ", " + size() + " row(s) at " + getPosition()
				+ "]";
	}

}
