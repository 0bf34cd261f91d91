package dev.binlog.spring.decoding;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;


/**
 * Reads the binlog's storage formats of the temporal types straight into {@code java.time} values. The connector's
 * own decoding goes through {@code java.util.Date} (losing microseconds, dropping the sign of {@code TIME} and
 * shifting {@code DATETIME} by the JVM's zone), so the cells are decoded here from their bytes instead.
 * <p>
 * Zero dates ({@code 0000-00-00}) decode to a {@link ZeroDate} marker, resolved later according to
 * {@link DecodingOptions.ZeroDates}; dates the calendar does not have ({@code 2024-02-30}, {@code 2024-00-15}) to
 * an {@link InvalidDate}, resolved according to {@link DecodingOptions.InvalidDates}.
 */
final class TemporalCodec {

	private static final long DATETIMEF_INT_OFS = 0x8000000000L;

	private static final long TIMEF_INT_OFS = 0x800000L;

	private static final long TIMEF_OFS = 0x800000000000L;

	private TemporalCodec() {
	}

	/**
	 * Decode a {@code DATE} cell: 3 bytes, little-endian, {@code year << 9 | month << 5 | day}.
	 * @param bytes the cell
	 * @return the date, {@link ZeroDate#DATE} for a zero date, or an {@link InvalidDate}
	 */
	public static Object date(byte[] bytes) {
		int value = littleEndian(bytes, 0, 3);
		int day = value & 0x1F;
		int month = (value >>> 5) & 0x0F;
		int year = value >>> 9;
		return InvalidDate.date(year, month, day);
	}

	/**
	 * Decode a {@code DATETIME(n)} cell in the MySQL 5.6 format: 5 bytes big-endian with the sign bit set, then
	 * {@code (n + 1) / 2} bytes of fraction.
	 * @param bytes the cell
	 * @param fsp the fractional seconds precision (0 to 6), from the column metadata
	 * @return the local date-time, {@link ZeroDate#DATETIME} for a zero date, or an {@link InvalidDate}
	 */
	public static Object datetime2(byte[] bytes, int fsp) {
		long packed = bigEndian(bytes, 0, 5) - DATETIMEF_INT_OFS;
		long yearMonthDay = packed >> 17;
		long yearMonth = yearMonthDay >> 5;
		int day = (int) (yearMonthDay & 0x1F);
		int year = (int) (yearMonth / 13);
		int month = (int) (yearMonth % 13);
		int hms = (int) (packed & 0x1FFFF);
		return InvalidDate.dateTime(year, month, day,
				LocalTime.of(hms >> 12, (hms >> 6) & 0x3F, hms & 0x3F, micros(bytes, 5, fsp) * 1000));
	}

	/**
	 * Decode a {@code TIMESTAMP(n)} cell in the MySQL 5.6 format: 4 bytes big-endian of epoch seconds, then the
	 * fraction.
	 * @param bytes the cell
	 * @param fsp the fractional seconds precision (0 to 6)
	 * @return the instant, or {@link ZeroDate#TIMESTAMP} for the zero timestamp
	 */
	public static Object timestamp2(byte[] bytes, int fsp) {
		long seconds = bigEndian(bytes, 0, 4);
		int micros = micros(bytes, 4, fsp);
		return (seconds == 0 && micros == 0) ? ZeroDate.TIMESTAMP : Instant.ofEpochSecond(seconds, micros * 1000L);
	}

	/**
	 * Decode a {@code TIME(n)} cell in the MySQL 5.6 format, which may be negative and up to 838 hours.
	 * @param bytes the cell: 3 bytes big-endian then the fraction
	 * @param fsp the fractional seconds precision (0 to 6)
	 * @return the signed duration
	 */
	public static Duration time2(byte[] bytes, int fsp) {
		long packed;
		switch (fsp) {
			case 1, 2 -> {
				long intPart = bigEndian(bytes, 0, 3) - TIMEF_INT_OFS;
				long frac = bytes[3] & 0xFF;
				if (intPart < 0 && frac != 0) {
					intPart++;
					frac -= 0x100;
				}
				packed = (intPart << 24) + frac * 10000;
			}
			case 3, 4 -> {
				long intPart = bigEndian(bytes, 0, 3) - TIMEF_INT_OFS;
				long frac = bigEndian(bytes, 3, 2);
				if (intPart < 0 && frac != 0) {
					intPart++;
					frac -= 0x10000;
				}
				packed = (intPart << 24) + frac * 100;
			}
			case 5, 6 -> packed = bigEndian(bytes, 0, 6) - TIMEF_OFS;
			default -> packed = (bigEndian(bytes, 0, 3) - TIMEF_INT_OFS) << 24;
		}
		boolean negative = packed < 0;
		long magnitude = Math.abs(packed);
		long hms = magnitude >> 24;
		long micros = magnitude & 0xFFFFFF;
		long hours = (hms >> 12) & 0x3FF;
		long minutes = (hms >> 6) & 0x3F;
		long seconds = hms & 0x3F;
		Duration duration = Duration.ofSeconds(hours * 3600 + minutes * 60 + seconds, micros * 1000);
		return negative ? duration.negated() : duration;
	}

	/**
	 * Decode a pre-5.6 {@code DATETIME} cell: 8 bytes little-endian holding the decimal number
	 * {@code YYYYMMDDhhmmss}.
	 * @param bytes the cell
	 * @return the local date-time, {@link ZeroDate#DATETIME} for a zero date, or an {@link InvalidDate}
	 */
	public static Object datetime(byte[] bytes) {
		long value = littleEndianLong(bytes, 0, 8);
		long date = value / 1000000;
		long time = value % 1000000;
		int year = (int) (date / 10000);
		int month = (int) (date / 100 % 100);
		int day = (int) (date % 100);
		return InvalidDate.dateTime(year, month, day,
				LocalTime.of((int) (time / 10000), (int) (time / 100 % 100), (int) (time % 100)));
	}

	/**
	 * Decode a pre-5.6 {@code TIME} cell: 3 bytes little-endian, signed, holding the decimal number
	 * {@code hhmmss}.
	 * @param bytes the cell
	 * @return the signed duration
	 */
	public static Duration time(byte[] bytes) {
		int value = (littleEndian(bytes, 0, 3) << 8) >> 8;
		int magnitude = Math.abs(value);
		Duration duration = Duration.ofSeconds(magnitude / 10000 * 3600L + magnitude / 100 % 100 * 60L + magnitude % 100);
		return (value < 0) ? duration.negated() : duration;
	}

	/**
	 * Decode a pre-5.6 {@code TIMESTAMP} cell: 4 bytes little-endian of epoch seconds.
	 * @param bytes the cell
	 * @return the instant, or {@link ZeroDate#TIMESTAMP} for the zero timestamp
	 */
	public static Object timestamp(byte[] bytes) {
		long seconds = littleEndianLong(bytes, 0, 4);
		return (seconds == 0) ? ZeroDate.TIMESTAMP : Instant.ofEpochSecond(seconds);
	}

	/**
	 * Decode a {@code YEAR} cell: one byte, years since 1900, with 0 meaning the year 0000.
	 * @param value the stored byte
	 * @return the year
	 */
	public static int year(int value) {
		return (value == 0) ? 0 : 1900 + value;
	}

	/**
	 * Return the number of bytes the fraction of a temporal value with the given precision occupies.
	 * @param fsp the fractional seconds precision (0 to 6)
	 * @return the number of bytes (0 to 3)
	 */
	public static int fractionLength(int fsp) {
		return (fsp + 1) / 2;
	}

	private static int micros(byte[] bytes, int offset, int fsp) {
		int length = fractionLength(fsp);
		if (length == 0) {
			return 0;
		}
		int fraction = (int) bigEndian(bytes, offset, length);
		return switch (length) {
			case 1 -> fraction * 10000;
			case 2 -> fraction * 100;
			default -> fraction;
		};
	}

	private static long bigEndian(byte[] bytes, int offset, int length) {
		long result = 0;
		for (int i = offset; i < offset + length; i++) {
			result = (result << 8) | (bytes[i] & 0xFF);
		}
		return result;
	}

	private static int littleEndian(byte[] bytes, int offset, int length) {
		return (int) littleEndianLong(bytes, offset, length);
	}

	private static long littleEndianLong(byte[] bytes, int offset, int length) {
		long result = 0;
		for (int i = 0; i < length; i++) {
			result |= (long) (bytes[offset + i] & 0xFF) << (8 * i);
		}
		return result;
	}

}
