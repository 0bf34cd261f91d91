package dev.binlog.spring.container;

import java.time.Duration;

/**
 * What to do when a listener throws.
 *
 * @param action the action
 * @param maxAttempts with {@link ListenerFailureAction#RETRY}, how many deliveries of a transaction to try before
 * stopping
 * @param backoff with {@link ListenerFailureAction#RETRY}, the wait before the second delivery, doubled for each
 * further one
 */
public record ListenerFailurePolicy(ListenerFailureAction action, int maxAttempts, Duration backoff) {

	/** Three deliveries, one second apart and then two: the {@code binlog.listener-failure.*} defaults. */
	public static final ListenerFailurePolicy DEFAULT = new ListenerFailurePolicy(ListenerFailureAction.RETRY, 3,
			Duration.ofSeconds(1));

	/**
	 * Create a policy.
	 * @param action the action
	 * @param maxAttempts how many deliveries to try, at least one
	 * @param backoff the wait before the second delivery
	 */
	public ListenerFailurePolicy {
		maxAttempts = Math.max(1, maxAttempts);
	}

	/**
	 * Return the wait before a further delivery of a transaction: the backoff, doubled for each delivery after the
	 * second.
	 * @param failedAttempts how many deliveries failed so far, at least one
	 * @return the wait
	 */
	public Duration backoffAfter(int failedAttempts) {
		return this.backoff.multipliedBy(1L << Math.min(Math.max(failedAttempts, 1) - 1, 10));
	}

}
