package dev.binlog.spring.decoding;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import org.jspecify.annotations.Nullable;

/**
 * What {@code information_schema.COLUMNS} says about a column, compared with the TABLE_MAP.
 */
final class ColumnTypes {

	private static final Set<ColumnType> TEXT = EnumSet.of(ColumnType.STRING, ColumnType.VARCHAR,
			ColumnType.VAR_STRING);

	private static final Map<String, Set<ColumnType>> BINLOG_TYPES = Map.ofEntries(
			Map.entry("tinyint", EnumSet.of(ColumnType.TINY)), Map.entry("smallint", EnumSet.of(ColumnType.SHORT)),
			Map.entry("mediumint", EnumSet.of(ColumnType.INT24)), Map.entry("int", EnumSet.of(ColumnType.LONG)),
			Map.entry("integer", EnumSet.of(ColumnType.LONG)), Map.entry("bigint", EnumSet.of(ColumnType.LONGLONG)),
			Map.entry("float", EnumSet.of(ColumnType.FLOAT)), Map.entry("double", EnumSet.of(ColumnType.DOUBLE)),
			Map.entry("real", EnumSet.of(ColumnType.DOUBLE)),
			Map.entry("decimal", EnumSet.of(ColumnType.NEWDECIMAL, ColumnType.DECIMAL)),
			Map.entry("numeric", EnumSet.of(ColumnType.NEWDECIMAL, ColumnType.DECIMAL)),
			Map.entry("date", EnumSet.of(ColumnType.DATE, ColumnType.NEWDATE)),
			Map.entry("datetime", EnumSet.of(ColumnType.DATETIME, ColumnType.DATETIME_V2)),
			Map.entry("timestamp", EnumSet.of(ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_V2)),
			Map.entry("time", EnumSet.of(ColumnType.TIME, ColumnType.TIME_V2)),
			Map.entry("year", EnumSet.of(ColumnType.YEAR)), Map.entry("char", TEXT), Map.entry("varchar", TEXT),
			Map.entry("binary", TEXT), Map.entry("varbinary", TEXT), Map.entry("tinytext", EnumSet.of(ColumnType.BLOB)),
			Map.entry("text", EnumSet.of(ColumnType.BLOB)), Map.entry("mediumtext", EnumSet.of(ColumnType.BLOB)),
			Map.entry("longtext", EnumSet.of(ColumnType.BLOB)), Map.entry("tinyblob", EnumSet.of(ColumnType.BLOB)),
			Map.entry("blob", EnumSet.of(ColumnType.BLOB)), Map.entry("mediumblob", EnumSet.of(ColumnType.BLOB)),
			Map.entry("longblob", EnumSet.of(ColumnType.BLOB)), Map.entry("enum", EnumSet.of(ColumnType.ENUM)),
			Map.entry("set", EnumSet.of(ColumnType.SET)), Map.entry("bit", EnumSet.of(ColumnType.BIT)),
			Map.entry("json", EnumSet.of(ColumnType.JSON, ColumnType.BLOB)),
			Map.entry("geometry", EnumSet.of(ColumnType.GEOMETRY)), Map.entry("point", EnumSet.of(ColumnType.GEOMETRY)),
			Map.entry("linestring", EnumSet.of(ColumnType.GEOMETRY)),
			Map.entry("polygon", EnumSet.of(ColumnType.GEOMETRY)),
			Map.entry("multipoint", EnumSet.of(ColumnType.GEOMETRY)),
			Map.entry("multilinestring", EnumSet.of(ColumnType.GEOMETRY)),
			Map.entry("multipolygon", EnumSet.of(ColumnType.GEOMETRY)),
			Map.entry("geometrycollection", EnumSet.of(ColumnType.GEOMETRY)));

	// the character sets with characters beyond the Basic Multilingual Plane
	private static final Set<String> SUPPLEMENTARY_CHARSETS = Set.of("utf8mb4", "utf16", "utf16le", "utf32",
			"gb18030");

	private ColumnTypes() {
	}

	/**
	 * Return the TABLE_MAP types a column of the given {@code DATA_TYPE} may have.
	 * @param dataType the lower-case {@code DATA_TYPE}
	 * @return the types, or {@code null} for data types not known here (which are not checked)
	 */
	static @Nullable Set<ColumnType> expectedBinlogTypes(String dataType) {
		return BINLOG_TYPES.get(dataType);
	}

	/**
	 * Parse the labels of an {@code enum('a','b')} or {@code set('a','b')} column type as
	 * {@code information_schema.COLUMNS} shows it: quotes doubled, and a backslash before {@code 0}, {@code Z},
	 * {@code n}, {@code r} and itself for NUL, Ctrl-Z, newline, carriage return and backslash.
	 * @param columnType the {@code COLUMN_TYPE}
	 * @return the labels in declaration order
	 */
	static List<String> labels(String columnType) {
		List<String> labels = new ArrayList<>();
		int start = columnType.indexOf('(');
		StringBuilder label = null;
		for (int i = start + 1; i < columnType.length(); i++) {
			char c = columnType.charAt(i);
			if (label == null) {
				if (c == '\'') {
					label = new StringBuilder();
				}
			}
			else if (c == '\'') {
				if (i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
					label.append('\'');
					i++;
				}
				else {
					labels.add(label.toString());
					label = null;
				}
			}
			else if (c == '\\' && i + 1 < columnType.length()) {
				char escaped = columnType.charAt(++i);
				label.append(switch (escaped) {
					case '0' -> '\0';
					case 'Z' -> '\u001A';
					case 'n' -> '\n';
					case 'r' -> '\r';
					case 't' -> '\t';
					case 'b' -> '\b';
					default -> escaped;
				});
			}
			else {
				label.append(c);
			}
		}
		return labels;
	}

	/**
	 * Return whether labels read from {@code information_schema} may hide characters: it shows text in
	 * {@code utf8mb3}, so a character outside the Basic Multilingual Plane of a {@code utf8mb4}, {@code utf16} or
	 * {@code utf32} column arrives as {@code '?'}, indistinguishable from a real question mark.
	 * @param charsetName the column's character set
	 * @param labels the labels as {@code information_schema} shows them
	 * @return whether a label may have lost characters
	 */
	static boolean mayHideCharacters(@Nullable String charsetName, List<String> labels) {
		if (charsetName == null || !SUPPLEMENTARY_CHARSETS.contains(charsetName.toLowerCase(java.util.Locale.ROOT))) {
			return false;
		}
		return labels.stream().anyMatch((label) -> label.indexOf('?') >= 0);
	}

}
