package dev.binlog.spring.decoding;

import java.util.List;

import dev.binlog.spring.Action;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;

/**
 * The decoded rows of one rows event: one table, one action.
 *
 * @param action the action
 * @param schema the schema
 * @param table the table
 * @param rows with {@link Action#WRITE} and {@link Action#DELETE}, the rows written or deleted; else empty
 * @param changes with {@link Action#UPDATE}, each row before and after; else empty
 */
public record DecodedRows(Action action, String schema, String table, List<Row> rows, List<RowChange> changes) {

	/**
	 * Return how many rows the event changed.
	 * @return the number of rows
	 */
	public int size() {
		return (this.action == Action.UPDATE) ? this.changes.size() : this.rows.size();
	}

}
