package dev.binlog.spring;

import java.time.Instant;
import java.util.List;

/**
 * Rows of one table as a snapshot read them: one chunk of the table, published in the stream's order at the binlog
 * position the chunk was read at (its watermark). For every row, this event comes before every change the stream
 * publishes for the same key after that position; a row whose key the stream changed after the watermark is left out
 * of the chunk, because the stream delivered (or will deliver) its newer state. Its action is {@link Action#SNAPSHOT},
 * so listeners of {@link TableWriteEvent} never see snapshot rows, and {@code @BinlogListener} methods without an
 * action do.
 */
public class TableSnapshotEvent extends TableRowsEvent {

	/**
	 * Create an event.
	 * @param source the container that read the rows
	 * @param position the binlog position the chunk was read at
	 * @param eventTime when the chunk was read
	 * @param schema the schema name
	 * @param table the table name
	 * @param rows the rows, in key order
	 */
	public TableSnapshotEvent(Object source, BinlogPosition position, Instant eventTime, String schema, String table,
			List<Row> rows) {
		super(source, position, eventTime, schema, table, rows);
	}

	@Override
	protected RowChange toChange(Row row) {
		return new RowChange(Action.SNAPSHOT, null, row);
	}

	@Override
	public Action getAction() {
		return Action.SNAPSHOT;
	}

}
