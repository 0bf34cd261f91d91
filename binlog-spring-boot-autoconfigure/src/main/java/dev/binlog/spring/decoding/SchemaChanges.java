package dev.binlog.spring.decoding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.TableColumn;
import dev.binlog.spring.connection.BinlogStreamException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Describes the DDL statements of the stream for schema-change events: which captured tables a statement changed
 * ({@link DdlStatement}), the layout each had at its last rows event on this connection, and the layout after the
 * statement where {@code information_schema} can still show it: only while no later statement on the table is in
 * the binary log ({@link SchemaChangeLog}). Not thread-safe: used by the binlog thread.
 */
final class SchemaChanges {

	private static final Log logger = LogFactory.getLog(SchemaChanges.class);

	private static final Set<String> DDL = Set.of("CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE");

	private static final String COLUMNS = """
			SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS
			WHERE LOWER(TABLE_SCHEMA) = ? AND LOWER(TABLE_NAME) = ? ORDER BY ORDINAL_POSITION""";

	private final JdbcTemplate jdbc;

	private final TableFilter filter;

	private final SchemaChangeLog log;

	// by lower-case schema.table: the layout of the last rows event read on this connection
	private final Map<String, TableMetadata> lastLayouts = new HashMap<>();

	// by lower-case schema.table: the layout after the last statement on the table, when no rows event came since
	private final Map<String, List<TableColumn>> layoutsAfterStatements = new HashMap<>();

	SchemaChanges(JdbcTemplate jdbc, TableFilter filter) {
		this.jdbc = jdbc;
		this.filter = filter;
		this.log = new SchemaChangeLog(jdbc);
	}

	/**
	 * The stream read a TABLE_MAP of a captured table with this layout.
	 * @param metadata the layout
	 */
	void seen(TableMetadata metadata) {
		String key = DdlStatement.key(metadata.schema(), metadata.table());
		if (this.lastLayouts.put(key, metadata) != metadata) {
			this.layoutsAfterStatements.remove(key);
		}
	}

	/**
	 * The stream starts again from an earlier position: layouts seen later than it are no longer "before".
	 */
	void clear() {
		this.lastLayouts.clear();
		this.layoutsAfterStatements.clear();
	}

	/**
	 * Return what a statement of the binary log changed.
	 * @param database the statement's default database, or {@code null}
	 * @param sql the statement
	 * @param at the position just after it
	 * @return one change per captured table it names, or a single change without a table for DDL that names no
	 * table; empty for statements that are not DDL or change only tables that are not captured
	 */
	List<DecodedSchemaChange> statement(@Nullable String database, String sql, BinlogPosition at) {
		List<String> tokens = DdlStatement.tokenize(sql);
		String verb = tokens.isEmpty() ? "" : tokens.get(0).toUpperCase(Locale.ROOT);
		if (!DDL.contains(verb)) {
			return List.of();
		}
		String defaultDatabase = (database != null && !database.isEmpty()) ? database : null;
		DdlStatement statement = DdlStatement.parse(defaultDatabase, sql);
		if (statement.everyTable() || statement.tables().isEmpty()) {
			return List.of(new DecodedSchemaChange(sql, defaultDatabase, null, null, false, null, null));
		}
		List<DecodedSchemaChange> changes = new ArrayList<>();
		for (String key : statement.tables()) {
			TableMetadata last = this.lastLayouts.remove(key);
			List<TableColumn> before = this.layoutsAfterStatements.remove(key);
			if (before == null && last != null) {
				before = layout(last);
			}
			int dot = key.indexOf('.');
			if (!this.filter.accepts(key.substring(0, dot), key.substring(dot + 1))
					&& (last == null || !this.filter.accepts(last.schema(), last.table()))) {
				// not captured (by its lower-case name or the name the stream saw): no information_schema read
				continue;
			}
			List<String[]> now = columns(key);
			String[] name = name(key, last, now);
			if (this.filter.accepts(name[0], name[1])) {
				List<TableColumn> after = after(now, at, name);
				if (after != null) {
					this.layoutsAfterStatements.put(key, after);
				}
				changes.add(new DecodedSchemaChange(sql, defaultDatabase, name[0], name[1], "TRUNCATE".equals(verb),
						before, after));
			}
		}
		return changes;
	}

	private List<String[]> columns(String key) {
		int dot = key.indexOf('.');
		return this.jdbc.query(COLUMNS, (rs, row) -> new String[] { rs.getString(1), rs.getString(2),
				rs.getString(3), rs.getString(4) }, key.substring(0, dot), key.substring(dot + 1));
	}

	// the statement's names are lower-cased: take the real ones from the table as it is or as it was
	private static String[] name(String key, @Nullable TableMetadata before, List<String[]> now) {
		if (!now.isEmpty()) {
			return new String[] { now.get(0)[0], now.get(0)[1] };
		}
		if (before != null) {
			return new String[] { before.schema(), before.table() };
		}
		int dot = key.indexOf('.');
		return new String[] { key.substring(0, dot), key.substring(dot + 1) };
	}

	private @Nullable List<TableColumn> after(List<String[]> now, BinlogPosition at, String[] name) {
		// information_schema was read first: the binary log up to the position read now holds whatever it showed
		try {
			SchemaChangeLog.Change later = this.log.firstChangeAfter(at, name[0], name[1]);
			if (later != null) {
				return null;
			}
		}
		catch (TableLayoutMismatchException | BinlogStreamException | DataAccessException ex) {
			logger.debug("Layout of " + name[0] + "." + name[1] + " after " + at + " unknown", ex);
			return null;
		}
		return now.stream().map((column) -> new TableColumn(column[2], column[3].toLowerCase(Locale.ROOT))).toList();
	}

	private static List<TableColumn> layout(TableMetadata metadata) {
		List<TableColumn> columns = new ArrayList<>();
		for (int i = 0; i < metadata.columns().size() && metadata.isVisible(i); i++) {
			ColumnMetadata column = metadata.columns().get(i);
			columns.add(new TableColumn(column.name(), ColumnTypeNames.of(column)));
		}
		return columns;
	}

}
