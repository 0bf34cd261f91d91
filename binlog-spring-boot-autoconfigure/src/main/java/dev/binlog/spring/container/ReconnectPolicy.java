package dev.binlog.spring.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * When to reconnect after the server or the network ended the connection: after 1 s, doubling up to 30 s for an
 * outage that goes on, from 1 s again after a connection that streamed; giving up when the outage has lasted longer
 * than {@code binlog.reconnect.give-up-after} (zero: never). Also counts connections the server closed within
 * seconds of opening them, several in a row, which is worth a warning. Used by the session's thread only.
 */
final class ReconnectPolicy {

	static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

	static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	static final Duration SHORT_SESSION = Duration.ofSeconds(5);

	static final int MAX_SHORT_SESSIONS = 3;

	private final Duration giveUpAfter;

	private final Clock clock;

	private Duration backoff = FIRST_BACKOFF;

	private @Nullable Instant disconnectedSince;

	private @Nullable Instant streamingSince;

	private int shortSessions;

	ReconnectPolicy(Duration giveUpAfter, Clock clock) {
		this.giveUpAfter = giveUpAfter;
		this.clock = clock;
	}

	/** A connection is being opened. */
	void connecting() {
		this.streamingSince = null;
	}

	/** The connection streams; told at every new binlog file, only the first time counts. */
	void streaming() {
		if (this.streamingSince == null) {
			this.streamingSince = this.clock.instant();
		}
		this.disconnectedSince = null;
	}

	/**
	 * The connection ended.
	 * @param ours whether the container ended it (pause, redelivery, a new position)
	 * @return whether it was the last of {@value #MAX_SHORT_SESSIONS} or more connections in a row that the
	 * server closed within {@code SHORT_SESSION} of streaming
	 */
	boolean ended(boolean ours) {
		Instant since = this.streamingSince;
		if (since == null) {
			return false;
		}
		// the connection streamed: what follows is a new outage, not the next attempt of the last one
		this.backoff = FIRST_BACKOFF;
		if (ours) {
			return false;
		}
		if (Duration.between(since, this.clock.instant()).compareTo(SHORT_SESSION) < 0) {
			this.shortSessions++;
		}
		else {
			this.shortSessions = 0;
		}
		return this.shortSessions >= MAX_SHORT_SESSIONS;
	}

	int shortSessions() {
		return this.shortSessions;
	}

	/**
	 * Return how long to wait before the next attempt of an outage.
	 * @return the wait, or {@code null} when the outage has lasted longer than the give-up time
	 */
	@Nullable Duration nextWait() {
		Instant now = this.clock.instant();
		Instant since = (this.disconnectedSince != null) ? this.disconnectedSince : now;
		this.disconnectedSince = since;
		if (!this.giveUpAfter.isZero() && Duration.between(since, now).compareTo(this.giveUpAfter) > 0) {
			return null;
		}
		Duration wait = this.backoff;
		Duration doubled = this.backoff.multipliedBy(2);
		this.backoff = (doubled.compareTo(MAX_BACKOFF) > 0) ? MAX_BACKOFF : doubled;
		return wait;
	}

}
