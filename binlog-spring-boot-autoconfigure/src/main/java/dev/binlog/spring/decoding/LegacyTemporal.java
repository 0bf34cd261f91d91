package dev.binlog.spring.decoding;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * MariaDB's temporal storage from before 10.1 ({@code mysql56_temporal_format=OFF}, or columns carried over from
 * old servers, shown as {@code time(3) /* mariadb-5.3 *\/}). {@code TIME(n)}, {@code DATETIME(n)} and
 * {@code TIMESTAMP(n)} with a fraction travel with the old type codes and no metadata, so the TABLE_MAP does not
 * tell their precision, which fixes their length: it is read from {@code information_schema.COLUMNS} and put into
 * the column metadata, where the rows deserializer finds it. The formats, all big-endian:
 * <ul>
 * <li>{@code TIME(n)}: the signed number of {@code 10^-n} seconds, plus {@code 3020400 * 10^n} (838:59:59 + 1s);
 * 3 to 6 bytes.</li>
 * <li>{@code DATETIME(n)}: {@code ((((year * 13 + month) * 32 + day) * 24 + hour) * 60 + minute) * 60 + second} in
 * units of {@code 10^-n} seconds; 5 to 8 bytes.</li>
 * <li>{@code TIMESTAMP(n)}: 4 bytes of epoch seconds, then the fraction in units of {@code 10^-n} seconds.</li>
 * </ul>
 * Without a fraction these columns keep the pre-5.6 formats of {@link TemporalCodec}.
 */
final class LegacyTemporal {

	private static final int[] TIME_BYTES = { 3, 4, 4, 5, 5, 5, 6 };

	private static final int[] DATETIME_BYTES = { 5, 6, 6, 7, 7, 7, 8 };

	private static final long[] POWERS = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

	private static final String PRECISION_QUERY = """
			SELECT DATA_TYPE, DATETIME_PRECISION FROM information_schema.COLUMNS
			WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION""";

	private final JdbcTemplate jdbc;

	private final Map<String, int[]> precisions = new HashMap<>();

	LegacyTemporal(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Put the fractional precision of the table's old-format temporal columns into the TABLE_MAP's column metadata.
	 * @param tableMap the event
	 * @throws TableLayoutMismatchException if {@code information_schema} does not show such a column there
	 */
	void complete(TableMapEventData tableMap) {
		byte[] types = tableMap.getColumnTypes();
		int[] metas = tableMap.getColumnMetadata();
		if (!hasLegacyTemporal(types)) {
			return;
		}
		String name = tableMap.getDatabase() + "." + tableMap.getTable();
		int[] precision = this.precisions.computeIfAbsent(name, (key) -> query(tableMap));
		for (int i = 0; i < types.length; i++) {
			if (isLegacyTemporal(types[i])) {
				if (i >= precision.length || precision[i] < 0) {
					throw new TableLayoutMismatchException("Cannot read column " + (i + 1) + " of " + name + ": it is "
							+ "a TIME, DATETIME or TIMESTAMP in the old MariaDB format (mysql56_temporal_format=OFF) "
							+ "whose precision only information_schema.COLUMNS tells, and there it is no such column "
							+ "now, so the table was changed after the event was written. Start after the schema change "
							+ "(binlog.start-position), or exclude the table (binlog.exclude); ALTER TABLE ... FORCE "
							+ "converts the columns to the current format.");
				}
				metas[i] = precision[i];
			}
		}
	}

	/**
	 * Forget the precisions learnt so far, after DDL.
	 */
	void invalidate() {
		this.precisions.clear();
	}

	private int[] query(TableMapEventData tableMap) {
		List<int[]> rows = this.jdbc.query(PRECISION_QUERY, (rs, rowNum) -> {
			String type = rs.getString(1).toLowerCase(Locale.ROOT);
			boolean temporal = type.equals("time") || type.equals("datetime") || type.equals("timestamp");
			return new int[] { temporal ? rs.getInt(2) : -1 };
		}, tableMap.getDatabase(), tableMap.getTable());
		return rows.stream().mapToInt((row) -> row[0]).toArray();
	}

	private static boolean hasLegacyTemporal(byte[] types) {
		for (byte type : types) {
			if (isLegacyTemporal(type)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isLegacyTemporal(byte type) {
		int code = type & 0xFF;
		return code == ColumnType.TIME.getCode() || code == ColumnType.DATETIME.getCode()
				|| code == ColumnType.TIMESTAMP.getCode();
	}

	static int timeLength(int fsp) {
		return TIME_BYTES[fsp];
	}

	static int datetimeLength(int fsp) {
		return DATETIME_BYTES[fsp];
	}

	static int timestampLength(int fsp) {
		return 4 + TemporalCodec.fractionLength(fsp);
	}

	/**
	 * Decode an old-format {@code TIME(n)} cell with a fraction.
	 * @param bytes the cell
	 * @param fsp the precision, 1 to 6
	 * @return the signed duration
	 */
	static Duration time(byte[] bytes, int fsp) {
		long units = bigEndian(bytes, 0, bytes.length) - 3020400L * POWERS[fsp];
		long micros = units * POWERS[6 - fsp];
		return Duration.ofSeconds(Math.floorDiv(micros, 1000000L), Math.floorMod(micros, 1000000L) * 1000);
	}

	/**
	 * Decode an old-format {@code DATETIME(n)} cell with a fraction.
	 * @param bytes the cell
	 * @param fsp the precision, 1 to 6
	 * @return the local date-time, {@link ZeroDate#DATETIME} for a zero date, or an {@link InvalidDate}
	 */
	static Object datetime(byte[] bytes, int fsp) {
		long packed = bigEndian(bytes, 0, bytes.length) * POWERS[6 - fsp];
		int micros = (int) (packed % 1000000);
		long rest = packed / 1000000;
		int second = (int) (rest % 60);
		rest /= 60;
		int minute = (int) (rest % 60);
		rest /= 60;
		int hour = (int) (rest % 24);
		rest /= 24;
		int day = (int) (rest % 32);
		rest /= 32;
		int month = (int) (rest % 13);
		int year = (int) (rest / 13);
		return InvalidDate.dateTime(year, month, day, LocalTime.of(hour, minute, second, micros * 1000));
	}

	/**
	 * Decode an old-format {@code TIMESTAMP(n)} cell with a fraction.
	 * @param bytes the cell
	 * @param fsp the precision, 1 to 6
	 * @return the instant, or {@link ZeroDate#TIMESTAMP} for the zero timestamp
	 */
	static Object timestamp(byte[] bytes, int fsp) {
		long seconds = bigEndian(bytes, 0, 4);
		long micros = bigEndian(bytes, 4, bytes.length - 4) * POWERS[6 - fsp];
		return (seconds == 0 && micros == 0) ? ZeroDate.TIMESTAMP : Instant.ofEpochSecond(seconds, micros * 1000);
	}

	private static long bigEndian(byte[] bytes, int offset, int length) {
		long result = 0;
		for (int i = offset; i < offset + length; i++) {
			result = (result << 8) | (bytes[i] & 0xFF);
		}
		return result;
	}

}
