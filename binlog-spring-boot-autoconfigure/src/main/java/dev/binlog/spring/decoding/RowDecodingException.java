package dev.binlog.spring.decoding;

/**
 * A binlog cell could not be turned into a Java value. Streaming stops: a row is never delivered with a guessed
 * value.
 */
public class RowDecodingException extends IllegalStateException {

	/**
	 * Create an exception.
	 * @param message the table, column and reason
	 * @param cause the underlying failure
	 */
	public RowDecodingException(String message, Throwable cause) {
		super(message, cause);
	}

}
