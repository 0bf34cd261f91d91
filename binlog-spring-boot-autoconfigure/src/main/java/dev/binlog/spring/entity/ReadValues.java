package dev.binlog.spring.entity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalTime;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The rules that make a decoded value reach an entity property as JDBC's value of the same column would, or not at
 * all. The converter gets the starter's Java types (README, "Java types"), which equal JDBC's values; two bridges
 * cover the property types a repository reads from JDBC's own types ({@code java.sql.Time}, {@code Boolean}) that
 * have no conversion from the starter's ones, and every conversion between number types must keep the value exactly,
 * where Spring's number conversion would round ({@code 1.5} into an {@code Integer} property is {@code 1}).
 */
final class ReadValues {

	private static final Duration DAY = Duration.ofDays(1);

	private ReadValues() {
	}

	/**
	 * Return the value to hand to the converter for a property.
	 * @param value the decoded value, not {@code null}
	 * @param target the property's type
	 * @param convert the converter's own conversion of a value to the property's type
	 * @return the value for the converter
	 * @throws ValueRefusedException if the value cannot reach the property exactly
	 */
	static Object toReadValue(Object value, Class<?> target, Function<Object, @Nullable Object> convert) {
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(target);
		if (value instanceof Duration duration && boxed == LocalTime.class) {
			// a TIME column; JDBC's java.sql.Time wraps a negative or longer-than-a-day TIME silently
			if (duration.isNegative() || duration.compareTo(DAY) >= 0) {
				throw new ValueRefusedException("TIME value out of the range of a LocalTime (00:00 to 23:59:59.999999)"
						+ "; declare the property as java.time.Duration");
			}
			return LocalTime.ofNanoOfDay(duration.toNanos());
		}
		if (boxed == Boolean.class && (value instanceof Integer || value instanceof Long)) {
			// TINYINT(1) (BOOLEAN), which JDBC reads as a Boolean: any value but 0 is true
			return ((Number) value).longValue() != 0;
		}
		if (value instanceof Number number && Number.class.isAssignableFrom(boxed) && !boxed.isInstance(value)) {
			Object converted = convert.apply(value);
			if (!(converted instanceof Number result) || exact(number).compareTo(exact(result)) != 0) {
				throw new ValueRefusedException("a " + value.getClass().getSimpleName() + " the property type "
						+ target.getSimpleName() + " cannot hold exactly; declare the property as "
						+ value.getClass().getSimpleName());
			}
			return converted;
		}
		return value;
	}

	private static BigDecimal exact(Number number) {
		if (number instanceof BigDecimal decimal) {
			return decimal;
		}
		if (number instanceof BigInteger integer) {
			return new BigDecimal(integer);
		}
		if (number instanceof Double || number instanceof Float) {
			// the binary value itself, so that a float widened to a double is equal and 0.1 is not 0.1f
			return new BigDecimal(number.doubleValue());
		}
		return BigDecimal.valueOf(number.longValue());
	}

	/**
	 * A value that cannot reach its property exactly.
	 */
	static final class ValueRefusedException extends RuntimeException {

		ValueRefusedException(String reason) {
			super(reason);
		}

	}

}
