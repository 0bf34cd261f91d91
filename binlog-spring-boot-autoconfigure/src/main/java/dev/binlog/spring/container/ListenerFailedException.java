package dev.binlog.spring.container;

/**
 * A listener kept failing on the same transaction and the container stopped, its position still before that
 * transaction.
 */
public class ListenerFailedException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message the event, the attempts and the position
	 * @param cause the listener's exception
	 */
	public ListenerFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
