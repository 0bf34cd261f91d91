package dev.binlog.spring.decoding;

import java.nio.charset.Charset;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.binlog.spring.connection.BinlogStreamException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Resolves the {@link TableMetadata} of a TABLE_MAP event. With {@code binlog_row_metadata=FULL} everything comes
 * from the event; otherwise the column names and attributes come from {@code information_schema.COLUMNS}, which
 * describes the table as it is now, so its column count and types are checked against the event and a mismatch
 * is an error rather than a guess. Whether the table is still as it was at the event is for
 * {@link InformationSchemaLayouts} to tell.
 * <p>
 * Layouts from the event are cached by table and by the TABLE_MAP's column types and names; DDL statements in the
 * binlog {@link #invalidate() invalidate} the cache. Not thread-safe: used by the binlog thread.
 */
final class TableMetadataResolver {

	private static final Log logger = LogFactory.getLog(TableMetadataResolver.class);

	private static final String COLUMNS_QUERY = """
			SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME
			FROM information_schema.COLUMNS
			WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
			ORDER BY ORDINAL_POSITION""";

	// ER_TABLEACCESS_DENIED_ERROR, ER_COLUMNACCESS_DENIED_ERROR, ER_NO_SUCH_TABLE
	private static final int TABLE_ACCESS_DENIED = 1142;

	private static final int COLUMN_ACCESS_DENIED = 1143;

	private static final int NO_SUCH_TABLE = 1146;

	private final JdbcTemplate jdbc;

	private final CharsetRegistry charsets;

	private final Map<String, Cached> cache = new HashMap<>();

	/**
	 * Create a resolver.
	 * @param jdbc a template connected to the binlog server
	 * @param charsets the charset registry of that server
	 */
	public TableMetadataResolver(JdbcTemplate jdbc, CharsetRegistry charsets) {
		this.jdbc = jdbc;
		this.charsets = charsets;
	}

	/**
	 * Return the metadata of the table a TABLE_MAP event describes, when the event carries it all
	 * ({@code binlog_row_metadata=FULL}).
	 * @param tableMap the event
	 * @return the metadata, or {@code null} when it must come from {@link #fromInformationSchema}
	 */
	public @Nullable TableMetadata resolve(TableMapEventData tableMap) {
		String key = tableMap.getDatabase() + "." + tableMap.getTable();
		Cached cached = this.cache.get(key);
		if (cached != null && cached.fits(tableMap)) {
			return cached.metadata;
		}
		TableMetadata metadata = fromTableMap(tableMap);
		if (metadata == null) {
			return null;
		}
		logger.debug("Resolved " + metadata);
		this.cache.put(key, new Cached(tableMap, metadata));
		return metadata;
	}

	/**
	 * Forget every cached layout, after DDL that may have changed tables.
	 */
	public void invalidate() {
		this.cache.clear();
	}

	private @Nullable TableMetadata fromTableMap(TableMapEventData tableMap) {
		TableMapEventMetadata full = tableMap.getEventMetadata();
		byte[] types = tableMap.getColumnTypes();
		int[] metas = tableMap.getColumnMetadata();
		if (full == null || full.getColumnNames() == null || full.getColumnNames().size() != types.length) {
			return null;
		}
		List<Integer> characterCollations = characterCollations(full, types, metas);
		int characterColumns = count(types, metas, TableMetadataResolver::isCharacter);
		int numericColumns = count(types, metas, TableMetadataResolver::isNumeric);
		List<List<String>> labelLists = EnumSetLabels.decode(tableMap, this.charsets);
		if (characterCollations.size() != characterColumns || labelLists == null
				|| (numericColumns > 0 && full.getSignedness() == null)) {
			logger.debug("TABLE_MAP metadata of " + tableMap.getDatabase() + "." + tableMap.getTable()
					+ " is incomplete; using information_schema");
			return null;
		}
		BitSet unsignedBits = (full.getSignedness() != null) ? full.getSignedness() : new BitSet();
		List<ColumnMetadata> columns = new ArrayList<>(types.length);
		int character = 0;
		int labelIndex = 0;
		for (int i = 0; i < types.length; i++) {
			ColumnType type = realType(types[i], metas[i]);
			boolean unsigned = false;
			Charset charset = null;
			List<String> labels = List.of();
			if (isNumeric(types[i], metas[i])) {
				// the connector maps the signedness bits back to column indexes
				unsigned = unsignedBits.get(i);
			}
			if (isCharacter(types[i], metas[i])) {
				charset = this.charsets.forCollation(characterCollations.get(character++), tableMap.getDatabase()
						+ "." + tableMap.getTable(), full.getColumnNames().get(i));
			}
			if (type == ColumnType.ENUM || type == ColumnType.SET) {
				labels = labelLists.get(labelIndex++);
			}
			columns.add(new ColumnMetadata(full.getColumnNames().get(i), type, metas[i], unsigned, charset, labels));
		}
		// UUID, INET4 and INET6 look like BINARY(n) in the TABLE_MAP
		columns = MariadbBinaryTypes.resolve(this.jdbc, tableMap.getDatabase(), tableMap.getTable(), columns);
		return new TableMetadata(tableMap.getDatabase(), tableMap.getTable(), columns, TableMetadata.Source.TABLE_MAP)
			.withHiddenTrailing(HiddenColumns.trailingHashes(full.getColumnNames(), types, metas));
	}

	private static List<Integer> characterCollations(TableMapEventMetadata full, byte[] types, int[] metas) {
		if (full.getColumnCharsets() != null) {
			return full.getColumnCharsets();
		}
		TableMapEventMetadata.DefaultCharset defaults = full.getDefaultCharset();
		if (defaults == null) {
			return List.of();
		}
		int characterColumns = count(types, metas, TableMetadataResolver::isCharacter);
		List<Integer> collations = new ArrayList<>(characterColumns);
		Map<Integer, Integer> exceptions = (defaults.getCharsetCollations() != null) ? defaults.getCharsetCollations()
				: Map.of();
		for (int i = 0; i < characterColumns; i++) {
			collations.add(exceptions.getOrDefault(i, defaults.getDefaultCharsetCollation()));
		}
		return collations;
	}

	/**
	 * Return the metadata of the table a TABLE_MAP event describes from {@code information_schema.COLUMNS}, as the
	 * table is now.
	 * @param tableMap the event
	 * @return the metadata
	 * @throws TableLayoutMismatchException if {@code information_schema} does not fit the event
	 * @throws BinlogStreamException if the binlog user may not read the table, so that {@code information_schema}
	 * hides its columns
	 */
	TableMetadata fromInformationSchema(TableMapEventData tableMap) {
		String schema = tableMap.getDatabase();
		String table = tableMap.getTable();
		byte[] types = tableMap.getColumnTypes();
		int[] metas = tableMap.getColumnMetadata();
		List<String[]> rows = this.jdbc.query(COLUMNS_QUERY, (rs, rowNum) -> new String[] { rs.getString(1),
				rs.getString(2), rs.getString(3), rs.getString(4) }, schema, table);
		// the server's own hidden columns (system versioning, long-unique hashes) are not listed
		List<String> unlisted = (rows.size() < types.length)
				? HiddenColumns.unlisted(this.jdbc, schema, table, types, metas, rows.size()) : List.of();
		if (rows.size() + unlisted.size() != types.length) {
			throw columnCountMismatch(schema, table, types.length, rows.size());
		}
		List<ColumnMetadata> columns = new ArrayList<>(types.length);
		for (int i = 0; i < rows.size(); i++) {
			String[] row = rows.get(i);
			String name = row[0];
			String dataType = row[1].toLowerCase(Locale.ROOT);
			String columnType = row[2];
			ColumnType type = realType(types[i], metas[i]);
			Set<ColumnType> expected = ColumnTypes.expectedBinlogTypes(dataType);
			if (expected != null && !expected.contains(type)) {
				throw new TableLayoutMismatchException("Cannot name the columns of " + schema + "." + table
						+ ": column " + (i + 1) + " ('" + name + "') is " + columnType
						+ " in information_schema.COLUMNS but " + type + " in the binlog event, so the table was "
						+ "changed after the event was written. Set binlog_row_metadata=FULL on the server, or start "
						+ "after the schema change (binlog.start-position), or exclude the table (binlog.exclude).");
			}
			boolean unsigned = columnType.toLowerCase(Locale.ROOT).contains("unsigned");
			Charset charset = isCharacter(types[i], metas[i]) ? this.charsets.forCharsetName(row[3],
					schema + "." + table, name) : null;
			List<String> labels = (type == ColumnType.ENUM || type == ColumnType.SET) ? ColumnTypes.labels(columnType)
					: List.of();
			if (ColumnTypes.mayHideCharacters(row[3], labels)) {
				throw new TableLayoutMismatchException("Cannot read the labels of column '" + name + "' of " + schema
						+ "." + table + ": information_schema.COLUMNS shows them in utf8mb3, where a character outside "
						+ "the Basic Multilingual Plane (an emoji) of its " + row[3] + " labels becomes '?', and one "
						+ "of them contains '?'. Set binlog_row_metadata=FULL on the server, or exclude the table "
						+ "(binlog.exclude).");
			}
			columns.add(new ColumnMetadata(name, type, metas[i], unsigned, charset, labels));
		}
		for (int i = rows.size(); i < types.length; i++) {
			ColumnType type = realType(types[i], metas[i]);
			columns.add(new ColumnMetadata(unlisted.get(i - rows.size()), type, metas[i],
					type == ColumnType.LONGLONG, null, List.of()));
		}
		columns = MariadbBinaryTypes.resolve(this.jdbc, schema, table, columns);
		List<String> names = columns.stream().map(ColumnMetadata::name).toList();
		return new TableMetadata(schema, table, columns, TableMetadata.Source.INFORMATION_SCHEMA)
			.withHiddenTrailing(HiddenColumns.trailingHashes(names, types, metas));
	}

	// information_schema lists only the columns the user may read, and none of a dropped table: fewer columns than
	// the event has is not necessarily an ALTER, so ask the server which it is
	private RuntimeException columnCountMismatch(String schema, String table, int eventColumns, int visibleColumns) {
		String name = schema + "." + table;
		if (visibleColumns < eventColumns) {
			SQLException refused = selectFailure(schema, table);
			int code = (refused != null) ? refused.getErrorCode() : 0;
			if (code == TABLE_ACCESS_DENIED || code == COLUMN_ACCESS_DENIED) {
				String user = currentUser();
				return new BinlogStreamException("User " + user + " lacks SELECT on " + name + ", so "
						+ "information_schema.COLUMNS shows it " + visibleColumns + " of the " + eventColumns
						+ " columns of the binlog event, and the server does not log column names "
						+ "(binlog_row_metadata is not FULL). The server says: " + firstLine(refused.getMessage()),
						"GRANT SELECT ON " + quote(schema) + "." + quote(table) + " TO " + user + " (or ON "
								+ quote(schema) + ".* for every table of the schema); or set binlog_row_metadata=FULL "
								+ "on the server; or exclude the table (binlog.exclude).");
			}
			if (code == NO_SUCH_TABLE) {
				return new TableLayoutMismatchException("Cannot name the columns of " + name + ": the table no longer "
						+ "exists (it was dropped or renamed after the event was written), and the server does not "
						+ "log column names (binlog_row_metadata is not FULL). Set binlog_row_metadata=FULL on the "
						+ "server, or start after the DROP (binlog.start-position), or exclude the table "
						+ "(binlog.exclude).");
			}
			if (refused != null) {
				return new TableLayoutMismatchException("Cannot name the columns of " + name + ": the binlog event has "
						+ eventColumns + " columns but information_schema.COLUMNS shows " + visibleColumns
						+ ", and reading the table failed (" + firstLine(refused.getMessage()) + "). Check that the "
						+ "binlog user has SELECT on the table, or set binlog_row_metadata=FULL on the server, or "
						+ "exclude the table (binlog.exclude).");
			}
		}
		return new TableLayoutMismatchException("Cannot name the columns of " + name + ": the binlog event has "
				+ eventColumns + " columns but information_schema.COLUMNS has " + visibleColumns + " now, so the "
				+ "table was changed after the event was written. The server does not log column names "
				+ "(binlog_row_metadata is not FULL). Set binlog_row_metadata=FULL on the server, or start after the "
				+ "schema change (binlog.start-position), or exclude the table (binlog.exclude).");
	}

	private @Nullable SQLException selectFailure(String schema, String table) {
		try {
			this.jdbc.execute("SELECT * FROM " + quote(schema) + "." + quote(table) + " LIMIT 0");
			return null;
		}
		catch (DataAccessException ex) {
			Throwable cause = ex;
			while (cause != null && !(cause instanceof SQLException)) {
				cause = cause.getCause();
			}
			return (cause != null) ? (SQLException) cause : new SQLException(ex.getMessage(), ex);
		}
	}

	// the account the server matched, as GRANT takes it: 'cdc'@'%'
	private String currentUser() {
		try {
			String account = this.jdbc.queryForObject("SELECT CURRENT_USER()", String.class);
			int at = (account != null) ? account.lastIndexOf('@') : -1;
			if (at > 0) {
				return "'" + account.substring(0, at) + "'@'" + account.substring(at + 1) + "'";
			}
		}
		catch (DataAccessException ex) {
			logger.debug("Cannot tell the current user", ex);
		}
		return "the binlog user (binlog.username)";
	}

	private static String quote(String identifier) {
		return "`" + identifier.replace("`", "``") + "`";
	}

	private static String firstLine(@Nullable String message) {
		String text = String.valueOf(message);
		int newline = text.indexOf('\n');
		return (newline >= 0) ? text.substring(0, newline) : text;
	}

	/**
	 * Return the real type of a TABLE_MAP column: {@code ENUM} and {@code SET} travel as {@code STRING} with
	 * their real type in the high byte of the metadata.
	 * @param typeCode the TABLE_MAP type code
	 * @param meta the TABLE_MAP metadata
	 * @return the real type
	 */
	static ColumnType realType(byte typeCode, int meta) {
		int code = typeCode & 0xFF;
		if (code == ColumnType.STRING.getCode() && meta >= 256) {
			int realCode = meta >> 8;
			if (realCode == ColumnType.ENUM.getCode() || realCode == ColumnType.SET.getCode()) {
				return ColumnType.byCode(realCode);
			}
		}
		ColumnType type = ColumnType.byCode(code);
		if (type == null) {
			throw new IllegalStateException("Unknown column type code " + code + " in a TABLE_MAP event");
		}
		return type;
	}

	// the columns that carry a charset in FULL metadata; MySQL 9 counts VECTOR among them (with the binary
	// collation), so that the charset of a text column after a VECTOR is the next one in the list
	private static boolean isCharacter(byte typeCode, int meta) {
		ColumnType type = realType(typeCode, meta);
		return type == ColumnType.STRING || type == ColumnType.VARCHAR || type == ColumnType.VAR_STRING
				|| type == ColumnType.BLOB || type == ColumnType.GEOMETRY || type == ColumnType.VECTOR;
	}

	// the columns that carry a signedness bit in FULL metadata
	private static boolean isNumeric(byte typeCode, int meta) {
		return switch (realType(typeCode, meta)) {
			case TINY, SHORT, INT24, LONG, LONGLONG, NEWDECIMAL, FLOAT, DOUBLE, YEAR -> true;
			default -> false;
		};
	}

	private static int count(byte[] types, int[] metas, ColumnPredicate predicate) {
		int count = 0;
		for (int i = 0; i < types.length; i++) {
			if (predicate.test(types[i], metas[i])) {
				count++;
			}
		}
		return count;
	}

	@FunctionalInterface
	private interface ColumnPredicate {

		boolean test(byte typeCode, int meta);

	}

	private static final class Cached {

		private final byte[] types;

		private final int[] metas;

		private final @Nullable List<String> names;

		private final TableMetadata metadata;

		Cached(TableMapEventData tableMap, TableMetadata metadata) {
			this.types = tableMap.getColumnTypes();
			this.metas = tableMap.getColumnMetadata();
			this.names = columnNames(tableMap);
			this.metadata = metadata;
		}

		boolean fits(TableMapEventData tableMap) {
			return Arrays.equals(this.types, tableMap.getColumnTypes())
					&& Arrays.equals(this.metas, tableMap.getColumnMetadata())
					&& java.util.Objects.equals(this.names, columnNames(tableMap));
		}

		private static @Nullable List<String> columnNames(TableMapEventData tableMap) {
			return (tableMap.getEventMetadata() != null) ? tableMap.getEventMetadata().getColumnNames() : null;
		}

	}

}
