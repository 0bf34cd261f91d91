package dev.binlog.spring.decoding;

import java.util.Locale;

/**
 * Names a column's type known from the binlog as {@code information_schema.COLUMNS.DATA_TYPE} does, so that the
 * layouts of a schema-change event read from the binlog and from {@code information_schema} compare equal.
 */
final class ColumnTypeNames {

	private static final String[] BLOB_SIZES = { "tiny", "", "medium", "long" };

	private ColumnTypeNames() {
	}

	static String of(ColumnMetadata column) {
		if (column.dataType() != null) {
			return column.dataType().toLowerCase(Locale.ROOT);
		}
		boolean text = column.charset() != null;
		return switch (column.type()) {
			case TINY -> "tinyint";
			case SHORT -> "smallint";
			case INT24 -> "mediumint";
			case LONG -> "int";
			case LONGLONG -> "bigint";
			case FLOAT -> "float";
			case DOUBLE -> "double";
			case DECIMAL, NEWDECIMAL -> "decimal";
			case DATE, NEWDATE -> "date";
			case TIME, TIME_V2 -> "time";
			case DATETIME, DATETIME_V2 -> "datetime";
			case TIMESTAMP, TIMESTAMP_V2 -> "timestamp";
			case YEAR -> "year";
			case BIT -> "bit";
			case ENUM -> "enum";
			case SET -> "set";
			case JSON -> "json";
			case GEOMETRY -> "geometry";
			case VECTOR -> "vector";
			case VARCHAR, VAR_STRING -> text ? "varchar" : "varbinary";
			case STRING -> text ? "char" : "binary";
			// the metadata of a blob is the number of bytes of its length: 1 to 4 for tiny to long
			case BLOB, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB -> BLOB_SIZES[Math.max(0, Math.min(3, column.meta() - 1))]
					+ (text ? "text" : "blob");
			case NULL -> "null";
		};
	}

}
