package dev.binlog.spring.container;

/**
 * What the container does when a listener throws ({@code binlog.listener-failure.action}).
 */
public enum ListenerFailureAction {

	/** Deliver the whole transaction again after a backoff, then stop after the last attempt. */
	RETRY,

	/** Stop the container at once. */
	STOP,

	/** Log and count the failure and go on with the next event: the event is lost for the listeners. */
	SKIP

}
