package dev.binlog.spring.decoding;

/**
 * Choices in decoding where users legitimately differ.
 *
 * @param zeroDates what a zero date becomes
 * @param bigintUnsigned what a {@code BIGINT UNSIGNED} becomes
 */
public record DecodingOptions(ZeroDates zeroDates, BigintUnsigned bigintUnsigned) {

	/** The defaults: zero dates as {@code null}, {@code BIGINT UNSIGNED} as {@code BigInteger}. */
	public static final DecodingOptions DEFAULTS = new DecodingOptions(ZeroDates.NULL, BigintUnsigned.BIG_INTEGER);

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
	 * What a {@code BIGINT UNSIGNED} becomes.
	 */
	public enum BigintUnsigned {

		/** A {@code BigInteger}, exact over the whole range up to 18446744073709551615. */
		BIG_INTEGER,

		/** A {@code Long}; a value above {@link Long#MAX_VALUE} stops the stream with an error naming the column. */
		LONG

	}

}
