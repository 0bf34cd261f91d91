package dev.binlog.spring.decoding;

/**
 * A captured column's character set has no decoder that reproduces the server's own conversion exactly, so its
 * values cannot be decoded to what JDBC reads. Streaming stops rather than deliver a guessed string.
 */
public class UndecodableCharsetException extends IllegalStateException {

	/**
	 * Create an exception.
	 * @param message the table, the column, the character set and what to do
	 */
	UndecodableCharsetException(String message) {
		super(message);
	}

}
