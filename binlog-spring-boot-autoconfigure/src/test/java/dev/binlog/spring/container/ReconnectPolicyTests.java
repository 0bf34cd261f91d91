package dev.binlog.spring.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the container reconnects, when it gives up, and what counts as a connection closed right after opening.
 */
class ReconnectPolicyTests {

	private final MovableClock clock = new MovableClock();

	private final ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMinutes(5), this.clock);

	@Test
	void anOutageWaitsLongerAndLongerUpToThirtySeconds() {
		this.policy.connecting();
		assertThat(this.policy.ended(false)).isFalse();
		assertThat(waits(7)).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
	}

	@Test
	void aConnectionThatStreamedStartsTheBackoffAgain() {
		for (int drop = 0; drop < 6; drop++) {
			this.policy.connecting();
			this.policy.streaming();
			this.clock.advance(Duration.ofMinutes(1));
			this.policy.ended(false);
			assertThat(this.policy.nextWait()).isEqualTo(Duration.ofSeconds(1));
		}
	}

	@Test
	void theShortSessionClockStartsAtConnectNotAtEachNewBinlogFile() {
		this.policy.connecting();
		this.policy.streaming();
		this.clock.advance(Duration.ofMinutes(10));
		// a rotation: the server starts a new file with a format description
		this.policy.streaming();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.policy.ended(false)).isFalse();
		assertThat(this.policy.shortSessions()).isZero();
	}

	@Test
	void threeConnectionsClosedWithinSecondsInARowAreReported() {
		boolean reported = false;
		for (int i = 0; i < 3; i++) {
			this.policy.connecting();
			this.policy.streaming();
			this.clock.advance(Duration.ofSeconds(1));
			reported = this.policy.ended(false);
		}
		assertThat(reported).isTrue();
		// but not the container's own disconnects
		this.policy.connecting();
		this.policy.streaming();
		assertThat(this.policy.ended(true)).isFalse();
	}

	@Test
	void anOutageLongerThanTheGiveUpTimeGivesUp() {
		this.policy.connecting();
		assertThat(this.policy.nextWait()).isNotNull();
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.policy.nextWait()).isNull();
		ReconnectPolicy forever = new ReconnectPolicy(Duration.ZERO, this.clock);
		forever.nextWait();
		this.clock.advance(Duration.ofDays(3));
		assertThat(forever.nextWait()).isNotNull();
	}

	private long[] waits(int count) {
		long[] seconds = new long[count];
		for (int i = 0; i < count; i++) {
			seconds[i] = this.policy.nextWait().toSeconds();
			this.clock.advance(Duration.ofSeconds(seconds[i]));
		}
		return seconds;
	}

	static final class MovableClock extends Clock {

		private Instant now = Instant.parse("2026-12-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
