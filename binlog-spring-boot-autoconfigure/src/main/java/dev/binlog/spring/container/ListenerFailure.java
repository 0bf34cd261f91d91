package dev.binlog.spring.container;

/**
 * A listener threw: carries the event for the log, handled by the {@link ListenerFailureHandler}.
 */
final class ListenerFailure extends RuntimeException {

	private final String event;

	ListenerFailure(String event, RuntimeException cause) {
		super(cause.getMessage(), cause, false, false);
		this.event = event;
	}

	String event() {
		return this.event;
	}

	RuntimeException listenerException() {
		return (RuntimeException) getCause();
	}

}
