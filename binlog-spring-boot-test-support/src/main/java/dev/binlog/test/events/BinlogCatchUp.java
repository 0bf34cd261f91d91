package dev.binlog.test.events;

import java.time.Duration;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.container.BinlogListenerContainer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Waits until a {@link BinlogListenerContainer} has delivered everything the server has written so far: every
 * listener returned and the position committed. After it returns, the events of every write the test made before
 * the call have been published.
 */
public final class BinlogCatchUp {

	private BinlogCatchUp() {
	}

	/**
	 * Wait until the container's committed position reaches the position the server had when this method was
	 * called.
	 * @param container the container
	 * @param timeout how long to wait at most
	 * @throws AssertionError if the container did not catch up in time, with both positions
	 */
	public static void await(BinlogListenerContainer container, Duration timeout) {
		// the server's position at the call: later writes (the position table's own, other tests') need not wait
		BinlogPosition target = container.serverPosition();
		try {
			Awaitility.await("binlog caught up with " + target)
				.atMost(timeout)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> reached(container.committedPosition(), target));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The binlog stream did not deliver up to " + target + " within " + timeout
					+ ": committed " + container.committedPosition() + ", state " + container.getStatus().state(),
					ex);
		}
	}

	static boolean reached(@Nullable BinlogPosition committed, BinlogPosition target) {
		if (committed == null) {
			return false;
		}
		int files = committed.file().compareTo(target.file());
		// binlog file names share a base and a zero-padded sequence number, so they sort in order
		return files > 0 || (files == 0 && committed.position() >= target.position());
	}

}
