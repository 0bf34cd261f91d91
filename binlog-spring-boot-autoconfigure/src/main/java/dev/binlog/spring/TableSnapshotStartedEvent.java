package dev.binlog.spring;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one table starts: its {@link TableSnapshotEvent}s follow. Published in the stream's order, at the
 * watermark of the table's first chunk.
 */
public class TableSnapshotStartedEvent extends BinlogEvent {

	private final String schema;

	private final String table;

	private final @Nullable String condition;

	/**
	 * Create an event.
	 * @param source the container
	 * @param position the watermark of the first chunk
	 * @param eventTime when the first chunk was read
	 * @param schema the schema name
	 * @param table the table name
	 * @param condition the {@code WHERE} condition that limits the snapshot, or {@code null} for the whole table
	 */
	public TableSnapshotStartedEvent(Object source, BinlogPosition position, Instant eventTime, String schema,
			String table, @Nullable String condition) {
		super(source, position, eventTime);
		this.schema = schema;
		this.table = table;
		this.condition = condition;
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
	 * Return the {@code WHERE} condition that limits the snapshot.
	 * @return the condition, or {@code null} for the whole table
	 */
	public @Nullable String getCondition() {
		return this.condition;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.schema + "." + this.table
				+ ((this.condition != null) ? " where " + this.condition : "") + " at " + getPosition() + "]";
	}

}
