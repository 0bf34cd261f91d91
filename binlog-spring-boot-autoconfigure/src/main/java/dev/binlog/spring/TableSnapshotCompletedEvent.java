package dev.binlog.spring;

import java.time.Instant;

/**
 * A snapshot of one table is complete: every row it read was published in a {@link TableSnapshotEvent} (or left out
 * because the stream published a newer state of it). Published in the stream's order, at the watermark of the
 * table's last chunk.
 */
public class TableSnapshotCompletedEvent extends BinlogEvent {

	private final String schema;

	private final String table;

	private final long rows;

	/**
	 * Create an event.
	 * @param source the container
	 * @param position the watermark of the last chunk
	 * @param eventTime when the last chunk was read
	 * @param schema the schema name
	 * @param table the table name
	 * @param rows how many rows were published in snapshot events
	 */
	public TableSnapshotCompletedEvent(Object source, BinlogPosition position, Instant eventTime, String schema,
			String table, long rows) {
		super(source, position, eventTime);
		this.schema = schema;
		this.table = table;
		this.rows = rows;
	}

	/**
	 * Return the schema name.
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
	 * Return how many rows were published in snapshot events.
	 * @return the number of rows
	 */
	public long getRows() {
		return this.rows;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.schema + "." + this.table + ", " + this.rows + " row(s) at "
				+ getPosition() + "]";
	}

}
