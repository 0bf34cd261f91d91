package dev.binlog.spring.snapshot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.decoding.DecodingOptions;
import dev.binlog.spring.snapshot.SnapshotTable.SnapshotColumn;
import org.jspecify.annotations.Nullable;

/**
 * Reads the cells of a snapshot through JDBC into the same Java types the binlog decoder gives the same column (the
 * README's "Java types"), so that a snapshot row equals the row a later change of the stream carries. Temporal
 * values are selected as text or epoch seconds, so that neither the JVM's nor the connection's time zone shifts them
 * and zero dates follow {@code binlog.decoding.zero-dates} as in the stream.
 */
final class SnapshotValues {

	private static final Instant ROUNDED_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

	private final DecodingOptions options;

	SnapshotValues(DecodingOptions options) {
		this.options = options;
	}

	/**
	 * Return the select expression of a column.
	 * @param table the table
	 * @param column the column
	 * @return the expression
	 * @throws BinlogStreamException if the column's type has no mapping
	 */
	String select(SnapshotTable table, SnapshotColumn column) {
		String name = quote(column.name());
		return switch (column.dataType()) {
			case "timestamp" -> "UNIX_TIMESTAMP(" + name + ")";
			case "date", "datetime", "time", "year" -> "CAST(" + name + " AS CHAR)";
			case "tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double", "bit", "char",
					"varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json", "binary",
					"varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point", "linestring",
					"polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection" -> name;
			default -> throw new BinlogStreamException("Cannot snapshot " + table + ": column " + column.name()
					+ " has type " + column.columnType() + ", which snapshots cannot read yet.",
					"Leave " + table + " out of the snapshot (binlog.exclude or the tables you name).");
		};
	}

	/**
	 * Read one cell.
	 * @param rs the result set on the row
	 * @param index the 1-based column index
	 * @param table the table
	 * @param column the column
	 * @return the value in the decoder's type
	 * @throws SQLException if the driver fails
	 */
	@Nullable Object read(ResultSet rs, int index, SnapshotTable table, SnapshotColumn column) throws SQLException {
		String type = column.columnType();
		boolean unsigned = type.contains("unsigned");
		Object value = switch (column.dataType()) {
			case "tinyint", "smallint", "mediumint" -> rs.getInt(index);
			case "int" -> unsigned ? (Object) rs.getLong(index) : (Object) rs.getInt(index);
			case "bigint" -> bigint(rs.getString(index), unsigned);
			case "decimal" -> rs.getBigDecimal(index);
			case "float" -> rs.getFloat(index);
			case "double" -> rs.getDouble(index);
			case "bit" -> bit(rs.getBytes(index), type);
			case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point",
					"linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection" ->
				rs.getBytes(index);
			case "timestamp" -> instant(rs.getString(index), table, column);
			case "date" -> date(rs.getString(index), table, column);
			case "datetime" -> dateTime(rs.getString(index), table, column);
			case "time" -> duration(rs.getString(index));
			case "year" -> year(rs.getString(index));
			default -> rs.getString(index);
		};
		// wasNull after the read: a zero TIMESTAMP is 0, not NULL, and maps through the zero-date setting
		return rs.wasNull() ? null : value;
	}

	private @Nullable Object bigint(@Nullable String text, boolean unsigned) {
		if (text == null) {
			return null;
		}
		if (!unsigned) {
			return Long.parseLong(text);
		}
		BigInteger value = new BigInteger(text);
		return (this.options.bigintUnsigned() == DecodingOptions.BigintUnsigned.LONG) ? (Object) value.longValue()
				: value;
	}

	private static @Nullable Object bit(byte @Nullable [] bytes, String type) {
		if (bytes == null) {
			return null;
		}
		long value = new BigInteger(1, bytes).longValue();
		return type.equals("bit(1)") ? (Object) (value != 0) : (Object) value;
	}

	// UNIX_TIMESTAMP's text, 1714564800 or 1714564800.123456: parsed by hand, as BigDecimal arithmetic cost a
	// tenth of a snapshot's time
	private @Nullable Instant instant(@Nullable String epoch, SnapshotTable table, SnapshotColumn column) {
		if (epoch == null) {
			return null;
		}
		int dot = epoch.indexOf('.');
		long seconds = Long.parseLong((dot < 0) ? epoch : epoch.substring(0, dot));
		int nanos = (dot < 0) ? 0 : fraction(epoch, dot + 1);
		if (seconds == 0 && nanos == 0) {
			// no TIMESTAMP value lies at the epoch itself (the range starts at 1970-01-01 00:00:01 UTC): a zero date
			return zero(ROUNDED_INSTANT, table, column);
		}
		return Instant.ofEpochSecond(seconds, nanos);
	}

	private @Nullable LocalDate date(@Nullable String text, SnapshotTable table, SnapshotColumn column) {
		if (text == null) {
			return null;
		}
		int month = digits(text, 5, 7);
		int day = digits(text, 8, 10);
		if (month == 0 || day == 0) {
			return zero(LocalDate.of(1, 1, 1), table, column);
		}
		return LocalDate.of(digits(text, 0, 4), month, day);
	}

	// CAST(datetime AS CHAR), 2024-05-01 12:00:00 or 2024-05-01 12:00:00.123456: parsed by hand, as
	// LocalTime.parse took four tenths of a snapshot's time
	private @Nullable LocalDateTime dateTime(@Nullable String text, SnapshotTable table, SnapshotColumn column) {
		if (text == null) {
			return null;
		}
		LocalDate date = date(text, table, column);
		if (date == null) {
			return null;
		}
		if (digits(text, 5, 7) == 0 || digits(text, 8, 10) == 0) {
			return LocalDateTime.of(date, LocalTime.MIDNIGHT);
		}
		int nanos = (text.length() > 20 && text.charAt(19) == '.') ? fraction(text, 20) : 0;
		return LocalDateTime.of(date, LocalTime.of(digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19),
				nanos));
	}

	private static int digits(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char digit = text.charAt(i);
			if (digit < '0' || digit > '9') {
				throw new IllegalArgumentException("Not a digit at " + i + " of '" + text + "'");
			}
			value = value * 10 + (digit - '0');
		}
		return value;
	}

	// up to nine digits of a second's fraction, as nanoseconds
	private static int fraction(String text, int from) {
		int to = Math.min(text.length(), from + 9);
		int nanos = digits(text, from, to);
		for (int i = to - from; i < 9; i++) {
			nanos *= 10;
		}
		return nanos;
	}

	private <T> @Nullable T zero(T rounded, SnapshotTable table, SnapshotColumn column) {
		return switch (this.options.zeroDates()) {
			case NULL -> null;
			case ROUND -> rounded;
			case FAIL -> throw new BinlogStreamException("Column " + column.name() + " of " + table
					+ " holds a zero date, which binlog.decoding.zero-dates=fail refuses.",
					"Set binlog.decoding.zero-dates to null or round, or fix the row.");
		};
	}

	private static @Nullable Duration duration(@Nullable String text) {
		if (text == null) {
			return null;
		}
		boolean negative = text.startsWith("-");
		String[] parts = (negative ? text.substring(1) : text).split(":");
		String[] seconds = parts[2].split("\\.");
		long nanos = (seconds.length > 1) ? Long.parseLong((seconds[1] + "000000000").substring(0, 9)) : 0;
		Duration duration = Duration.ofHours(Long.parseLong(parts[0]))
			.plusMinutes(Long.parseLong(parts[1]))
			.plusSeconds(Long.parseLong(seconds[0]))
			.plusNanos(nanos);
		return negative ? duration.negated() : duration;
	}

	private static @Nullable Integer year(@Nullable String text) {
		return (text != null) ? Integer.valueOf(text) : null;
	}

	static String quote(String identifier) {
		return "`" + identifier.replace("`", "``") + "`";
	}

}
