package dev.binlog.spring.entity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalTime;
import java.util.function.Function;

import dev.binlog.spring.entity.ReadValues.ValueRefusedException;
import org.junit.jupiter.api.Test;

import org.springframework.core.convert.support.DefaultConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules by which a decoded value reaches an entity property exactly, or not at all.
 */
class ReadValuesTests {

	private static final DefaultConversionService conversions = new DefaultConversionService();

	private static Object read(Object value, Class<?> target) {
		Function<Object, Object> convert = (decoded) -> conversions.convert(decoded, target);
		return ReadValues.toReadValue(value, target, convert);
	}

	@Test
	void timeWithinADayBecomesLocalTimeWithItsMicroseconds() {
		assertThat(read(Duration.parse("PT13H14M15.000001S"), LocalTime.class))
			.isEqualTo(LocalTime.parse("13:14:15.000001"));
	}

	@Test
	void timeOutsideADayIsRefusedForLocalTime() {
		assertThatExceptionOfType(ValueRefusedException.class)
			.isThrownBy(() -> read(Duration.ofHours(-1), LocalTime.class))
			.withMessageContaining("java.time.Duration");
		assertThatExceptionOfType(ValueRefusedException.class)
			.isThrownBy(() -> read(Duration.ofHours(24), LocalTime.class));
	}

	@Test
	void timeStaysDurationForDurationProperty() {
		assertThat(read(Duration.ofHours(-838), Duration.class)).isEqualTo(Duration.ofHours(-838));
	}

	@Test
	void integerBecomesBooleanAsJdbcReadsTinyIntOne() {
		assertThat(read(0, Boolean.class)).isEqualTo(false);
		assertThat(read(1, boolean.class)).isEqualTo(true);
		assertThat(read(7, Boolean.class)).isEqualTo(true);
	}

	@Test
	void exactNumberConversionsAreKept() {
		assertThat(read(5L, Integer.class)).isEqualTo(5);
		assertThat(read(5, long.class)).isEqualTo(5L);
		assertThat(read(0.1f, Double.class)).isEqualTo((double) 0.1f);
		assertThat(read(new BigDecimal("2.00"), Integer.class)).isEqualTo(2);
		assertThat(read(BigInteger.TEN, Long.class)).isEqualTo(10L);
	}

	@Test
	void numberConversionsThatChangeTheValueAreRefused() {
		assertThatExceptionOfType(ValueRefusedException.class)
			.isThrownBy(() -> read(new BigDecimal("1.5"), Integer.class))
			.withMessageContaining("declare the property as BigDecimal");
		assertThatExceptionOfType(ValueRefusedException.class).isThrownBy(() -> read(0.1d, Float.class));
	}

	@Test
	void numberConversionsThatOverflowFail() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> read(new BigInteger("18446744073709551615"), Long.class));
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> read(Long.MAX_VALUE, Integer.class));
	}

	@Test
	void valuesOfThePropertyTypeArePassedAsTheyAre() {
		byte[] bytes = { 1, 2 };
		assertThat(read(bytes, byte[].class)).isSameAs(bytes);
		assertThat(read("a", String.class)).isEqualTo("a");
	}

}
