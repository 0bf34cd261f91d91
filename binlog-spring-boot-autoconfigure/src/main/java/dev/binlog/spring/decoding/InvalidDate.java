package dev.binlog.spring.decoding;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import org.jspecify.annotations.Nullable;

/**
 * A stored {@code DATE} or {@code DATETIME} that is no day of the calendar: a day the month does not have
 * ({@code 2024-02-30}, accepted under {@code sql_mode=ALLOW_INVALID_DATES}) or a zero month or day in an otherwise
 * non-zero date ({@code 2024-00-15}, {@code 2024-03-00}, accepted without {@code NO_ZERO_IN_DATE}). No
 * {@code java.time} value holds it, and JDBC has no exact answer either (its {@code java.time} getters throw, its
 * {@code java.sql.Date} getter rolls it over to another day), so the cell decoders return this marker and
 * {@link DecodingOptions.InvalidDates} decides what a row holds.
 *
 * @param year the stored year
 * @param month the stored month, 0 to 12
 * @param day the stored day, 0 to 31
 * @param time the stored time of day of a {@code DATETIME}, or {@code null} for a {@code DATE}
 */
record InvalidDate(int year, int month, int day, @Nullable LocalTime time) implements Serializable {

	/**
	 * Classify a stored date.
	 * @param year the stored year
	 * @param month the stored month
	 * @param day the stored day
	 * @return the date, {@link ZeroDate#DATE} for {@code 0000-00-00}, or an {@link InvalidDate}
	 */
	static Object date(int year, int month, int day) {
		if (year == 0 && month == 0 && day == 0) {
			return ZeroDate.DATE;
		}
		return exists(year, month, day) ? LocalDate.of(year, month, day) : new InvalidDate(year, month, day, null);
	}

	/**
	 * Classify a stored date and time.
	 * @param year the stored year
	 * @param month the stored month
	 * @param day the stored day
	 * @param time the stored time of day
	 * @return the date-time, {@link ZeroDate#DATETIME} for a zero date, or an {@link InvalidDate}
	 */
	static Object dateTime(int year, int month, int day, LocalTime time) {
		if (year == 0 && month == 0 && day == 0) {
			return ZeroDate.DATETIME;
		}
		return exists(year, month, day) ? LocalDateTime.of(LocalDate.of(year, month, day), time)
				: new InvalidDate(year, month, day, time);
	}

	private static boolean exists(int year, int month, int day) {
		return month >= 1 && month <= 12 && day >= 1 && day <= LocalDate.of(year, month, 1).lengthOfMonth();
	}

	/**
	 * Return what a row holds for this date under a policy.
	 * @param policy the user's choice
	 * @return {@code null}, or the rolled-over {@code LocalDate} or {@code LocalDateTime}
	 * @throws IllegalStateException with {@link DecodingOptions.InvalidDates#FAIL}, naming the property
	 */
	@Nullable Object resolve(DecodingOptions.InvalidDates policy) {
		return switch (policy) {
			case NULL -> null;
			case LENIENT -> rolledOver();
			case FAIL -> throw new IllegalStateException("invalid date " + this
					+ " (stored under sql_mode ALLOW_INVALID_DATES or without NO_ZERO_IN_DATE); "
					+ "set binlog.decoding.invalid-dates to null or lenient to accept invalid dates, "
					+ "or correct the row");
		};
	}

	// the arithmetic of a lenient java.util.Calendar, which is what JDBC's getObject (java.sql.Date) returns
	private Object rolledOver() {
		LocalDate date = LocalDate.of(this.year, 1, 1).plusMonths(this.month - 1L).plusDays(this.day - 1L);
		return (this.time != null) ? LocalDateTime.of(date, this.time) : date;
	}

	@Override
	public String toString() {
		String date = String.format("%04d-%02d-%02d", this.year, this.month, this.day);
		return (this.time != null) ? date + " " + this.time : date;
	}

}
