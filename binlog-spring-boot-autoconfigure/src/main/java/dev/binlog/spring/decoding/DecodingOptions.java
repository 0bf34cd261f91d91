package dev.binlog.spring.decoding;

/**
 * Choices in decoding where users legitimately differ.
 *
 * @param zeroDates what a zero date becomes
 * @param bigintUnsigned what a {@code BIGINT UNSIGNED} becomes
 * @param invalidDates what a date the calendar does not have becomes
 */
public record DecodingOptions(ZeroDates zeroDates, BigintUnsigned bigintUnsigned, InvalidDates invalidDates) {

	/**
	 * The defaults: zero dates as {@code null}, {@code BIGINT UNSIGNED} as {@code BigInteger}, invalid dates stop
	 * the stream.
	 */
	public static final DecodingOptions DEFAULTS = new DecodingOptions(ZeroDates.NULL, BigintUnsigned.BIG_INTEGER,
			InvalidDates.FAIL);

	/**
	 * Choices with invalid dates stopping the stream.
	 * @param zeroDates what a zero date becomes
	 * @param bigintUnsigned what a {@code BIGINT UNSIGNED} becomes
	 */
	public DecodingOptions(ZeroDates zeroDates, BigintUnsigned bigintUnsigned) {
		this(zeroDates, bigintUnsigned, InvalidDates.FAIL);
	}

	/**
	 * What a zero {@code DATE}, {@code DATETIME} or {@code TIMESTAMP} ({@code 0000-00-00}) becomes.
	 */
	public enum ZeroDates {

		/** {@code null}, as the JDBC drivers return it by default. */
		NULL,

		/** The smallest value: {@code 0001-01-01}, {@code 0001-01-01T00:00}, {@code 0001-01-01T00:00:00Z}. */
		ROUND,

		/** Stop the stream with an error naming the column. */
		FAIL

	}

	/**
	 * What a {@code DATE} or {@code DATETIME} that is no day of the calendar becomes: a day beyond the month's end
	 * ({@code 2024-02-30}, stored under {@code sql_mode=ALLOW_INVALID_DATES}) or a zero month or day in a non-zero
	 * date ({@code 2024-00-15}, stored without {@code NO_ZERO_IN_DATE}). JDBC has no exact value for them: its
	 * {@code java.time} getters throw, its {@code getObject} rolls them over to another day.
	 */
	public enum InvalidDates {

		/** Stop the stream with an error naming the table, the column and this property. */
		FAIL,

		/** {@code null}. */
		NULL,

		/**
		 * Rolled over as JDBC's {@code getObject} ({@code java.sql.Date}, {@code java.sql.Timestamp}) does:
		 * {@code 2024-02-30} is {@code 2024-03-01}, {@code 2024-00-15} is {@code 2023-12-15}, {@code 2024-03-00} is
		 * {@code 2024-02-29}.
		 */
		LENIENT

	}

	/**
	 * What a {@code BIGINT UNSIGNED} becomes.
	 */
	public enum BigintUnsigned {

		/** A {@code BigInteger}, exact over the whole range up to 18446744073709551615. */
		BIG_INTEGER,

		/** A {@code Long}; a value above {@link Long#MAX_VALUE} stops the stream with an error naming the column. */
		LONG

	}

}
