package dev.binlog.spring.container;

import java.time.Duration;
import java.time.Instant;

import dev.binlog.spring.BinlogPosition;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a container's state, for health indicators, metrics and endpoints.
 *
 * @param state the life-cycle state
 * @param connected whether the binlog connection is open
 * @param server the server as {@code host:port}
 * @param committedPosition the last transaction boundary every listener has processed: where a reconnect resumes
 * @param currentPosition the position just after the last event read
 * @param savedPosition the position last saved in the position store: where a restart resumes
 * @param lastEventTime when the last event (or heartbeat) was received, or {@code null}
 * @param lag how long after the server wrote it the last event arrived (second precision on MariaDB), or
 * {@code null}
 * @param lastError the message of the error that stopped or interrupted streaming, or {@code null}
 * @param reconnects how many times the connection was re-established
 * @param listenerFailures how many times a listener threw
 * @param skippedEvents how many events were skipped by choice (listener failure action {@code skip}, or a missing
 * position with {@code on-missing} other than {@code fail})
 */
public record ContainerStatus(ContainerState state, boolean connected, String server,
		@Nullable BinlogPosition committedPosition, @Nullable BinlogPosition currentPosition,
		@Nullable BinlogPosition savedPosition, @Nullable Instant lastEventTime, @Nullable Duration lag,
		@Nullable String lastError,
		long reconnects, long listenerFailures, long skippedEvents) {

}
