package dev.binlog.spring.decoding;

/**
 * A zero date or time stamp ({@code 0000-00-00}, or a zero month or day), which has no {@code java.time}
 * equivalent. The cell decoders return these markers so that {@link DecodingOptions.ZeroDates} decides what a row
 * holds instead.
 */
enum ZeroDate {

	/** A zero {@code DATE}. */
	DATE,

	/** A zero {@code DATETIME}. */
	DATETIME,

	/** A zero {@code TIMESTAMP}. */
	TIMESTAMP

}
