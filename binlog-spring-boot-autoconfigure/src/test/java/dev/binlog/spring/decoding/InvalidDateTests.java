package dev.binlog.spring.decoding;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link InvalidDate}: which stored dates are invalid, and what each policy makes of them.
 */
class InvalidDateTests {

	@Test
	void dayBeyondTheMonthsEndIsInvalidNotAnException() {
		// 2024-02-30 as the binlog stores a DATE: year << 9 | month << 5 | day, little-endian
		int packed = 2024 << 9 | 2 << 5 | 30;
		Object decoded = TemporalCodec.date(new byte[] { (byte) packed, (byte) (packed >> 8), (byte) (packed >> 16) });
		assertThat(decoded).isEqualTo(new InvalidDate(2024, 2, 30, null));
		assertThat(decoded).hasToString("2024-02-30");
	}

	@Test
	void zeroMonthOrDayInANonZeroDateIsInvalidWhileTheZeroDateStaysZero() {
		assertThat(InvalidDate.date(2024, 0, 15)).isInstanceOf(InvalidDate.class);
		assertThat(InvalidDate.date(2024, 3, 0)).isInstanceOf(InvalidDate.class);
		assertThat(InvalidDate.date(0, 0, 0)).isEqualTo(ZeroDate.DATE);
		assertThat(InvalidDate.dateTime(0, 0, 0, LocalTime.MIDNIGHT)).isEqualTo(ZeroDate.DATETIME);
		assertThat(InvalidDate.date(2024, 2, 29)).isEqualTo(LocalDate.of(2024, 2, 29));
		assertThat(InvalidDate.date(2023, 2, 29)).isInstanceOf(InvalidDate.class);
	}

	@Test
	void lenientRollsOverAsJavaSqlDateDoes() {
		DecodingOptions.InvalidDates lenient = DecodingOptions.InvalidDates.LENIENT;
		assertThat(new InvalidDate(2024, 2, 30, null).resolve(lenient)).isEqualTo(LocalDate.of(2024, 3, 1));
		assertThat(new InvalidDate(2024, 0, 15, null).resolve(lenient)).isEqualTo(LocalDate.of(2023, 12, 15));
		assertThat(new InvalidDate(2024, 3, 0, null).resolve(lenient)).isEqualTo(LocalDate.of(2024, 2, 29));
		assertThat(new InvalidDate(2024, 0, 0, LocalTime.of(1, 2, 3)).resolve(lenient))
			.isEqualTo(LocalDateTime.of(2023, 11, 30, 1, 2, 3));
	}

	@Test
	void nullPolicyGivesNullAndFailNamesTheProperty() {
		InvalidDate invalid = new InvalidDate(2024, 4, 31, LocalTime.of(10, 0));
		assertThat(invalid.resolve(DecodingOptions.InvalidDates.NULL)).isNull();
		assertThatIllegalStateException().isThrownBy(() -> invalid.resolve(DecodingOptions.InvalidDates.FAIL))
			.withMessageContaining("2024-04-31 10:00")
			.withMessageContaining("binlog.decoding.invalid-dates");
	}

}
