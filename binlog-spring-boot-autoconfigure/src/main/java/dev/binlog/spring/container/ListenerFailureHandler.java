package dev.binlog.spring.container;

import java.time.Duration;

import dev.binlog.spring.BinlogPosition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Applies the {@link ListenerFailurePolicy} when a listener throws: stop, skip (logged and counted), or deliver the
 * transaction again from its boundary, counting the attempts per boundary so that a transaction that keeps failing
 * stops the stream after the last attempt. Used by the binlog thread only.
 */
final class ListenerFailureHandler {

	private static final Log logger = LogFactory.getLog(ListenerFailureHandler.class);

	private final ListenerFailurePolicy policy;

	private final ContainerStatusHolder status;

	private @Nullable BinlogPosition failedBoundary;

	private int failedAttempts;

	ListenerFailureHandler(ListenerFailurePolicy policy, ContainerStatusHolder status) {
		this.policy = policy;
		this.status = status;
	}

	/**
	 * Decide what follows a listener failure.
	 * @param failure the failure
	 * @param boundary the committed position: the start of the transaction that failed
	 * @return the decision
	 */
	Decision handle(ListenerFailure failure, BinlogPosition boundary) {
		this.status.listenerFailed();
		RuntimeException cause = failure.listenerException();
		return switch (this.policy.action()) {
			case STOP -> new Decision.Stop(cause);
			case SKIP -> {
				this.status.skipped();
				logger.warn("Skipped " + failure.event() + " after its listener failed "
						+ "(binlog.listener-failure.action=skip): " + cause.getMessage(), cause);
				yield new Decision.Skip();
			}
			case RETRY -> {
				this.failedAttempts = boundary.equals(this.failedBoundary) ? this.failedAttempts + 1 : 1;
				this.failedBoundary = boundary;
				if (this.failedAttempts >= this.policy.maxAttempts()) {
					yield new Decision.Stop(new ListenerFailedException("A listener failed " + this.failedAttempts
							+ " times on " + failure.event() + "; the stream stopped at " + boundary + ": "
							+ cause.getMessage(), cause));
				}
				logger.warn("A listener failed on " + failure.event() + " (attempt " + this.failedAttempts + " of "
						+ this.policy.maxAttempts() + "); delivering the transaction again from " + boundary + ": "
						+ cause.getMessage());
				yield new Decision.Redeliver(this.policy.backoffAfter(this.failedAttempts));
			}
		};
	}

	/**
	 * What follows a listener failure.
	 */
	sealed interface Decision {

		/**
		 * Stop the stream with this failure; the position stays before the transaction.
		 * @param cause the failure to report
		 */
		record Stop(Throwable cause) implements Decision {
		}

		/**
		 * Go on with the next event, as if the listener had returned.
		 */
		record Skip() implements Decision {
		}

		/**
		 * Reconnect from the transaction's boundary after a wait and deliver it again.
		 * @param backoff the wait
		 */
		record Redeliver(Duration backoff) implements Decision {
		}

	}

}
