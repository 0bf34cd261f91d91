package dev.binlog.spring.decoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Columns MariaDB writes to the binlog that {@code information_schema.COLUMNS} does not list.
 * <ul>
 * <li>The implicit columns of a table created {@code WITH SYSTEM VERSIONING} without declaring them:
 * {@code row_start} and {@code row_end}. They are real data (a {@code SELECT} that names them reads them, and they tell
 * a current row from a history row: a {@code DELETE} on such a table is logged as an update of {@code row_end}), so
 * rows carry them, under both FULL and MINIMAL row metadata.</li>
 * <li>The hash of a long unique key ({@code UNIQUE} on a {@code BLOB}/{@code TEXT}, or {@code USING HASH}):
 * {@code DB_ROW_HASH_1}, {@code DB_ROW_HASH_2}... No {@code SELECT} can read them and they are not part of the table,
 * so rows leave them out.</li>
 * </ul>
 * The server keeps both at the end of the table (new columns are added before them), versioning columns first.
 */
final class HiddenColumns {

	static final String ROW_START = "row_start";

	static final String ROW_END = "row_end";

	private static final Pattern HASH_NAME = Pattern.compile("DB_ROW_HASH_[0-9]+", Pattern.CASE_INSENSITIVE);

	// implicit versioning: a versioned table none of whose listed columns is a ROW START column
	private static final String UNLISTED_QUERY = """
			SELECT (SELECT COUNT(*) FROM information_schema.TABLES
					WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND TABLE_TYPE = 'SYSTEM VERSIONED')
				- (SELECT COUNT(*) FROM information_schema.COLUMNS
					WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND EXTRA LIKE '%ROW START%') AS implicit_versioning,
				(SELECT COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS
					WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_TYPE = 'HASH') AS long_unique_keys""";

	private HiddenColumns() {
	}

	/**
	 * Name the columns of a binlog event beyond those {@code information_schema.COLUMNS} lists.
	 * @param jdbc a template connected to the binlog server
	 * @param schema the schema
	 * @param table the table
	 * @param types the TABLE_MAP column types
	 * @param metas the TABLE_MAP column metadata
	 * @param listed how many columns {@code information_schema.COLUMNS} lists
	 * @return the names of the unlisted trailing columns, or an empty list when the server's hidden columns do not
	 * explain them (then the table was changed after the event, or the user may not see every column)
	 */
	static List<String> unlisted(JdbcTemplate jdbc, String schema, String table, byte[] types, int[] metas,
			int listed) {
		Map<String, Object> counts = jdbc.queryForMap(UNLISTED_QUERY, schema, table, schema, table, schema, table);
		boolean versioning = ((Number) counts.get("implicit_versioning")).intValue() > 0;
		int hashes = ((Number) counts.get("long_unique_keys")).intValue();
		List<String> names = new ArrayList<>();
		if (versioning) {
			names.add(ROW_START);
			names.add(ROW_END);
		}
		for (int i = 1; i <= hashes; i++) {
			names.add("DB_ROW_HASH_" + i);
		}
		if (listed + names.size() != types.length) {
			return List.of();
		}
		for (int i = 0; i < names.size(); i++) {
			ColumnType type = TableMetadataResolver.realType(types[listed + i], metas[listed + i]);
			boolean hash = i >= names.size() - hashes;
			// row_start/row_end are TIMESTAMP(6), or BIGINT UNSIGNED for transaction-precise versioning
			if (type != ColumnType.LONGLONG && (hash || type != ColumnType.TIMESTAMP_V2)) {
				return List.of();
			}
		}
		return names;
	}

	/**
	 * Count the trailing long-unique hash columns, which rows leave out.
	 * @param names the column names in table order
	 * @param types the TABLE_MAP column types
	 * @param metas the TABLE_MAP column metadata
	 * @return how many of the last columns are hashes
	 */
	static int trailingHashes(List<String> names, byte[] types, int[] metas) {
		int count = 0;
		for (int i = names.size() - 1; i >= 0 && HASH_NAME.matcher(names.get(i)).matches()
				&& TableMetadataResolver.realType(types[i], metas[i]) == ColumnType.LONGLONG; i--) {
			count++;
		}
		return count;
	}

}
