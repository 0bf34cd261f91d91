package dev.binlog.spring.decoding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * MariaDB's {@code UUID} (10.7+), {@code INET4} and {@code INET6} (10.10+) columns. The binlog announces them as
 * binary {@code CHAR(16)}, {@code CHAR(4)} and {@code CHAR(16)}, even with {@code binlog_row_metadata=FULL}, so only
 * {@code information_schema.COLUMNS.DATA_TYPE} tells them from {@code BINARY(n)}. JDBC reads a {@code UUID} as a
 * {@code java.util.UUID} and the addresses as the server prints them, so they are decoded to the same.
 */
final class MariadbBinaryTypes {

	private static final String QUERY = """
			SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS
			WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND DATA_TYPE IN ('uuid', 'inet4', 'inet6')""";

	private MariadbBinaryTypes() {
	}

	/**
	 * Mark the columns of a table that are really {@code UUID}, {@code INET4} or {@code INET6}. The server is asked
	 * only when the table has binary columns of 4 or 16 bytes.
	 * @param jdbc a template connected to the binlog server
	 * @param schema the schema name
	 * @param table the table name
	 * @param columns the columns as the TABLE_MAP describes them
	 * @return the columns with those columns' data types set
	 */
	static List<ColumnMetadata> resolve(JdbcTemplate jdbc, String schema, String table, List<ColumnMetadata> columns) {
		if (columns.stream().noneMatch(MariadbBinaryTypes::mayBeOne)) {
			return columns;
		}
		Map<String, String> dataTypes = new HashMap<>();
		jdbc.query(QUERY, (rs) -> {
			dataTypes.put(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT));
		}, schema, table);
		if (dataTypes.isEmpty()) {
			return columns;
		}
		List<ColumnMetadata> typed = new ArrayList<>(columns.size());
		for (ColumnMetadata column : columns) {
			String dataType = dataTypes.get(column.name());
			typed.add((dataType != null && mayBeOne(column)) ? column.withDataType(dataType) : column);
		}
		return typed;
	}

	private static boolean mayBeOne(ColumnMetadata column) {
		return column.type() == ColumnType.STRING && column.charset() == null
				&& (column.maxLength() == 16 || column.maxLength() == 4);
	}

	/**
	 * Return how to turn a column's bytes (all of them, padded back) into what JDBC reads.
	 * @param dataType the column's {@code DATA_TYPE}, or {@code null}
	 * @return the decoder, or {@code null} for plain binary data
	 */
	static @Nullable Function<byte[], Object> decoder(@Nullable String dataType) {
		if (dataType == null) {
			return null;
		}
		return switch (dataType) {
			case "uuid" -> MariadbBinaryTypes::uuid;
			case "inet4" -> MariadbBinaryTypes::inet4;
			case "inet6" -> MariadbBinaryTypes::inet6;
			default -> null;
		};
	}

	// the binlog carries the 16 bytes in the order of the UUID's text form
	static UUID uuid(byte[] bytes) {
		return new UUID(word(bytes, 0), word(bytes, 8));
	}

	static String inet4(byte[] bytes) {
		return dotted(bytes, 0);
	}

	/**
	 * Print an IPv6 address as MariaDB does: IPv4-mapped ({@code ::ffff:1.2.3.4}) and IPv4-compatible
	 * ({@code ::1.2.3.4}) addresses end in dotted decimal, and the longest run of zero groups (the first of equal
	 * runs, even a single group: {@code 1::2:0:3:0:4:0}) is written {@code ::}.
	 */
	static String inet6(byte[] bytes) {
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
		}
		boolean leadingZeros = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0
				&& groups[4] == 0;
		if (leadingZeros && groups[5] == 0xFFFF) {
			return "::ffff:" + dotted(bytes, 12);
		}
		if (leadingZeros && groups[5] == 0 && (groups[6] != 0 || groups[7] > 1)) {
			return "::" + dotted(bytes, 12);
		}
		int bestStart = -1;
		int bestLength = 0;
		for (int i = 0; i < 8;) {
			int j = i;
			while (j < 8 && groups[j] == 0) {
				j++;
			}
			if (j - i > bestLength) {
				bestStart = i;
				bestLength = j - i;
			}
			i = Math.max(j, i + 1);
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		return text.toString();
	}

	private static String dotted(byte[] bytes, int offset) {
		return (bytes[offset] & 0xFF) + "." + (bytes[offset + 1] & 0xFF) + "." + (bytes[offset + 2] & 0xFF) + "."
				+ (bytes[offset + 3] & 0xFF);
	}

	private static long word(byte[] bytes, int offset) {
		long result = 0;
		for (int i = offset; i < offset + 8; i++) {
			result = (result << 8) | (bytes[i] & 0xFF);
		}
		return result;
	}

}
