package dev.binlog.spring.container;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import dev.binlog.spring.BinlogPosition;

/**
 * Read your own writes: wait until a container has delivered a transaction, or everything the server has written
 * so far, to every listener (with transactional delivery, until that delivery has committed). For request handlers
 * and tests that update a read model through the stream and then read it.
 * <pre class="code">
 * jdbc.update("INSERT INTO orders ...");
 * String gtid = jdbc.queryForObject("SELECT @@last_gtid", String.class); // MariaDB, same connection
 * BinlogDelivery.awaitTransaction(container, gtid, Duration.ofSeconds(5));
 * </pre>
 */
public final class BinlogDelivery {

	// a waiter is woken when the position moves or the state changes; this only bounds a wait for nothing
	private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private BinlogDelivery() {
	}

	/**
	 * Wait until the transaction with a GTID has been delivered.
	 * @param container the container
	 * @param gtid the transaction's GTID: MariaDB's {@code @@last_gtid} of the session that committed it
	 * ({@code 0-1-42}), or a MySQL GTID ({@code uuid:42})
	 * @param timeout how long to wait at most
	 * @return whether it was delivered within the timeout ({@code false} while the stream is paused, reconnecting or
	 * behind)
	 * @throws IllegalStateException if the container is stopped or failed, so that it cannot deliver the
	 * transaction: at once, not after the timeout (a stand-by instance of a cluster is stopped)
	 */
	public static boolean awaitTransaction(BinlogListenerContainer container, String gtid, Duration timeout) {
		if (gtid.isBlank()) {
			throw new IllegalArgumentException("No GTID to wait for: @@last_gtid is empty before the session's first "
					+ "commit, and on servers without GTIDs");
		}
		return await(container, (committed) -> PositionOrder.includes(committed, gtid), timeout,
				"transaction " + gtid);
	}

	/**
	 * Wait until everything the server has written when this method is called has been delivered.
	 * @param container the container
	 * @param timeout how long to wait at most
	 * @return whether it was delivered within the timeout ({@code false} while the stream is paused, reconnecting or
	 * behind)
	 * @throws IllegalStateException if the container is stopped or failed, so that it cannot deliver: at once, not
	 * after the timeout (a stand-by instance of a cluster is stopped)
	 */
	public static boolean awaitCaughtUp(BinlogListenerContainer container, Duration timeout) {
		if (!container.isRunning()) {
			throw notRunning(container, "everything the server wrote");
		}
		BinlogPosition server = container.serverPosition();
		return await(container, (committed) -> PositionOrder.reached(committed, server), timeout,
				"the server's position " + server);
	}

	private static boolean await(BinlogListenerContainer container, Predicate<BinlogPosition> delivered,
			Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		ContainerStatusHolder status = container.statusHolder();
		// woken by every move of the committed position: returns as soon as the listeners are done
		status.addWaiter();
		try {
			while (true) {
				BinlogPosition committed = container.committedPosition();
				if (committed != null && delivered.test(committed)) {
					return true;
				}
				if (!container.isRunning()) {
					throw notRunning(container, what);
				}
				long left = deadline - System.nanoTime();
				if (left <= 0 || Thread.currentThread().isInterrupted()) {
					return false;
				}
				LockSupport.parkNanos(BinlogDelivery.class, Math.min(left, MAX_PARK_NANOS));
			}
		}
		finally {
			status.removeWaiter();
		}
	}

	private static IllegalStateException notRunning(BinlogListenerContainer container, String what) {
		ContainerStatus status = container.getStatus();
		String reason = (status.state() == ContainerState.FAILED)
				? "failed" + ((status.lastError() != null) ? " (" + status.lastError() + ")" : "")
				: "stopped (not started, stopped, or a stand-by instance while another one leads)";
		return new IllegalStateException("Cannot wait for " + what + " to be delivered: the binlog stream of "
				+ status.server() + " is " + reason + "; it was delivered up to " + status.committedPosition());
	}

}
