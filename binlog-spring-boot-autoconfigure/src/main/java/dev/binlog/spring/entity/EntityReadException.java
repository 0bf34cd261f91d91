package dev.binlog.spring.entity;

import org.jspecify.annotations.Nullable;

/**
 * A row could not be read as an entity exactly. The listener is not called, and the row is treated as a failed
 * delivery ({@code binlog.listener-failure}): an entity is never built from a guessed or a missing value.
 */
public class EntityReadException extends IllegalStateException {

	/**
	 * Create an exception.
	 * @param message the table, the column, the property and what to change
	 * @param cause the converter's failure, if any
	 */
	public EntityReadException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
