package dev.binlog.spring.decoding;

/**
 * The column layout found in {@code information_schema} does not fit the TABLE_MAP event being decoded, so column
 * names cannot be assigned safely. Decoding stops rather than misalign values and names.
 */
public class TableLayoutMismatchException extends IllegalStateException {

	/**
	 * Create an exception.
	 * @param message what differs and what to do
	 */
	public TableLayoutMismatchException(String message) {
		super(message);
	}

}
