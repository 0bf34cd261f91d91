package dev.binlog.spring.autoconfigure;

import java.time.Duration;

import dev.binlog.spring.container.ListenerFailureAction;
import dev.binlog.spring.container.ListenerFailurePolicy;

/**
 * What happens when a listener throws: the {@code binlog.listener-failure.*} properties of
 * {@link BinlogProperties}.
 */
public class BinlogListenerFailureProperties {

	/**
	 * 'retry' delivers the whole transaction again after a backoff and stops after max-attempts; 'stop' stops
	 * at once; 'skip' logs and counts the failure and goes on (the event is lost for the listeners).
	 */
	private ListenerFailureAction action = ListenerFailureAction.RETRY;

	/**
	 * With 'retry', how many deliveries of a transaction to try before stopping.
	 */
	private int maxAttempts = 3;

	/**
	 * With 'retry', the wait before the second delivery, doubled for each further one.
	 */
	private Duration backoff = Duration.ofSeconds(1);

	public ListenerFailureAction getAction() {
		return this.action;
	}

	public void setAction(ListenerFailureAction action) {
		this.action = action;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getBackoff() {
		return this.backoff;
	}

	public void setBackoff(Duration backoff) {
		this.backoff = backoff;
	}

	ListenerFailurePolicy toPolicy() {
		return new ListenerFailurePolicy(this.action, this.maxAttempts, this.backoff);
	}

}
