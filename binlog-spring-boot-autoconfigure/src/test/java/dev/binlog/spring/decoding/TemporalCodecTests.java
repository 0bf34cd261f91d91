package dev.binlog.spring.decoding;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TemporalCodec}, on bytes encoded the way MySQL's {@code my_*_packed_to_binary} functions do.
 */
class TemporalCodecTests {

	@Test
	void dateDecodesYearMonthDay() {
		int value = (2024 << 9) | (2 << 5) | 29;
		assertThat(TemporalCodec.date(littleEndian(value, 3))).isEqualTo(LocalDate.of(2024, 2, 29));
	}

	@Test
	void zeroDateIsMarkedAndAZeroMonthAndDayInAYearIsAnInvalidDate() {
		assertThat(TemporalCodec.date(littleEndian(0, 3))).isEqualTo(ZeroDate.DATE);
		// 2024-00-00: JDBC's java.time getters throw for it as for any zero in-date part, it is no zero date
		assertThat(TemporalCodec.date(littleEndian((2024 << 9), 3))).isEqualTo(new InvalidDate(2024, 0, 0, null));
	}

	@ParameterizedTest
	@CsvSource({ "0,2024-02-29T13:45:59", "1,2024-02-29T13:45:59.100", "3,2024-02-29T13:45:59.123",
			"6,2024-02-29T13:45:59.123456", "6,9999-12-31T23:59:59.999999", "6,1000-01-01T00:00" })
	void datetime2DecodesWithFraction(int fsp, String expected) {
		LocalDateTime value = LocalDateTime.parse(expected);
		assertThat(TemporalCodec.datetime2(datetime2(value, fsp), fsp)).isEqualTo(value);
	}

	@Test
	void zeroDatetime2IsMarked() {
		byte[] bytes = concat(bigEndian(0x8000000000L, 5), new byte[0]);
		assertThat(TemporalCodec.datetime2(bytes, 0)).isEqualTo(ZeroDate.DATETIME);
	}

	@ParameterizedTest
	@CsvSource({ "0,2038-01-19T03:14:07Z", "3,2024-06-01T10:00:00.123Z", "6,1970-01-01T00:00:01.000001Z" })
	void timestamp2DecodesInstant(int fsp, String expected) {
		Instant value = Instant.parse(expected);
		byte[] bytes = concat(bigEndian(value.getEpochSecond(), 4), fraction(value.getNano() / 1000, fsp));
		assertThat(TemporalCodec.timestamp2(bytes, fsp)).isEqualTo(value);
	}

	@Test
	void zeroTimestamp2IsMarked() {
		assertThat(TemporalCodec.timestamp2(new byte[4], 0)).isEqualTo(ZeroDate.TIMESTAMP);
	}

	@ParameterizedTest
	@CsvSource({ "0,PT0S", "0,PT838H59M59S", "0,-PT838H59M59S", "0,PT25H", "1,-PT0.5S", "2,-PT1.01S",
			"3,-PT12H0.001S", "4,PT1.0001S", "5,-PT0.00001S", "6,-PT838H59M58.999999S", "6,PT1H2M3.456789S" })
	void time2DecodesSignedDurations(int fsp, String expected) {
		Duration value = Duration.parse(expected);
		assertThat(TemporalCodec.time2(time2(value, fsp), fsp)).isEqualTo(value);
	}

	@Test
	void oldFormatsDecode() {
		assertThat(TemporalCodec.datetime(littleEndian(20240229134559L, 8)))
			.isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 45, 59));
		assertThat(TemporalCodec.time(littleEndian(-8385959, 3))).isEqualTo(Duration.parse("-PT838H59M59S"));
		assertThat(TemporalCodec.timestamp(littleEndian(86400, 4))).isEqualTo(Instant.parse("1970-01-02T00:00:00Z"));
		assertThat(TemporalCodec.year(0)).isZero();
		assertThat(TemporalCodec.year(155)).isEqualTo(2055);
	}

	// --- MySQL's encodings

	private static byte[] datetime2(LocalDateTime value, int fsp) {
		long yearMonth = value.getYear() * 13L + value.getMonthValue();
		long ymd = (yearMonth << 5) | value.getDayOfMonth();
		long hms = (value.getHour() << 12) | (value.getMinute() << 6) | value.getSecond();
		long packed = ((ymd << 17) | hms) + 0x8000000000L;
		return concat(bigEndian(packed, 5), fraction(value.getNano() / 1000, fsp));
	}

	private static byte[] fraction(int micros, int fsp) {
		return switch ((fsp + 1) / 2) {
			case 1 -> bigEndian(micros / 10000, 1);
			case 2 -> bigEndian(micros / 100, 2);
			case 3 -> bigEndian(micros, 3);
			default -> new byte[0];
		};
	}

	private static byte[] time2(Duration value, int fsp) {
		Duration magnitude = value.abs();
		long seconds = magnitude.getSeconds();
		long hms = ((seconds / 3600) << 12) | ((seconds / 60 % 60) << 6) | (seconds % 60);
		long packed = (hms << 24) + magnitude.getNano() / 1000;
		if (value.isNegative()) {
			packed = -packed;
		}
		long intPart = packed >> 24;
		long fracPart = packed % (1L << 24);
		return switch (fsp) {
			case 1, 2 -> concat(bigEndian(intPart + 0x800000L, 3), new byte[] { (byte) (fracPart / 10000) });
			case 3, 4 -> concat(bigEndian(intPart + 0x800000L, 3), bigEndian((fracPart / 100) & 0xFFFF, 2));
			case 5, 6 -> bigEndian(packed + 0x800000000000L, 6);
			default -> bigEndian(intPart + 0x800000L, 3);
		};
	}

	private static byte[] bigEndian(long value, int length) {
		byte[] bytes = new byte[length];
		for (int i = length - 1; i >= 0; i--) {
			bytes[i] = (byte) value;
			value >>= 8;
		}
		return bytes;
	}

	private static byte[] littleEndian(long value, int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (value >> (8 * i));
		}
		return bytes;
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] result = new byte[first.length + second.length];
		System.arraycopy(first, 0, result, 0, first.length);
		System.arraycopy(second, 0, result, first.length, second.length);
		return result;
	}

}
