package dev.binlog.spring.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.binlog.spring.Row;
import dev.binlog.spring.connection.BinlogStreamException;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The layout of one table as a snapshot reads it: its columns in table order with their types, and the key that
 * orders the chunks (the primary key, else the first unique key whose columns are all {@code NOT NULL}).
 *
 * @param schema the schema
 * @param table the table
 * @param columns the columns, in table order
 * @param key the key columns, in key order
 */
record SnapshotTable(String schema, String table, List<SnapshotColumn> columns, List<String> key) {

	/**
	 * Read the layout of a table from {@code information_schema}.
	 * @param jdbc the server's JDBC side
	 * @param schema the schema
	 * @param table the table
	 * @return the layout
	 * @throws BinlogStreamException if the table does not exist, or has no primary key and no unique key of
	 * {@code NOT NULL} columns
	 */
	static SnapshotTable read(JdbcTemplate jdbc, String schema, String table) {
		List<SnapshotColumn> columns = jdbc.query(
				"SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS "
						+ "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
				(rs, i) -> new SnapshotColumn(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT),
						rs.getString(3).toLowerCase(Locale.ROOT), "YES".equals(rs.getString(4))),
				schema, table);
		if (columns.isEmpty()) {
			throw new BinlogStreamException("Cannot snapshot " + schema + "." + table
					+ ": no such table, or the binlog user cannot see it.",
					"Check the table name and GRANT SELECT ON " + schema + ".* to the binlog user.");
		}
		Map<String, List<String>> uniqueKeys = new LinkedHashMap<>();
		jdbc.query("SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? "
				+ "AND TABLE_NAME = ? AND NON_UNIQUE = 0 ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX",
				(rs) -> {
					uniqueKeys.computeIfAbsent(rs.getString(1), (name) -> new ArrayList<>()).add(rs.getString(2));
				}, schema, table);
		for (List<String> key : uniqueKeys.values()) {
			// a NULL is never equal to another, so only NOT NULL columns identify a row
			boolean notNull = key.stream()
				.allMatch((name) -> columns.stream().anyMatch((column) -> column.name().equals(name) && !column.nullable()));
			if (notNull) {
				return new SnapshotTable(schema, table, columns, List.copyOf(key));
			}
		}
		throw new BinlogStreamException("Cannot snapshot " + schema + "." + table
				+ ": it has no primary key and no unique key of NOT NULL columns, so its rows cannot be read in "
						+ "chunks nor matched with the changes of the stream.",
				"Add a primary key to " + schema + "." + table + ", or leave it out of the snapshot (binlog.exclude, or "
						+ "on-demand snapshots of the other tables instead of binlog.snapshot.mode).");
	}

	/**
	 * Return the layout of the rows this table's snapshot publishes.
	 * @return the layout
	 */
	Row.Layout layout() {
		return Row.Layout.of(this.columns.stream().map(SnapshotColumn::name).toList());
	}

	/**
	 * Return the position of each key column among the columns.
	 * @return the indexes, in key order
	 */
	int[] keyIndexes() {
		int[] indexes = new int[this.key.size()];
		for (int k = 0; k < indexes.length; k++) {
			for (int i = 0; i < this.columns.size(); i++) {
				if (this.columns.get(i).name().equals(this.key.get(k))) {
					indexes[k] = i;
				}
			}
		}
		return indexes;
	}

	@Override
	public String toString() {
		return this.schema + "." + this.table;
	}

	/**
	 * One column.
	 *
	 * @param name the name
	 * @param dataType the type without length or attributes, lower case ({@code int})
	 * @param columnType the full type, lower case ({@code int(10) unsigned})
	 * @param nullable whether it may hold {@code NULL}
	 */
	record SnapshotColumn(String name, String dataType, String columnType, boolean nullable) {
	}

}
