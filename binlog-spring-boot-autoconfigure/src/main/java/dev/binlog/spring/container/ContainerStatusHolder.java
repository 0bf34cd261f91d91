package dev.binlog.spring.container;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import dev.binlog.spring.BinlogPosition;
import org.jspecify.annotations.Nullable;

/**
 * What the parts of a container know about its state, written by each part and read by the container's status,
 * health and metrics: the life-cycle state (changed only along {@link ContainerState#canMoveTo legal transitions}),
 * the first failure, the connection, the position tracker and the counters. Safe to read from any thread.
 */
final class ContainerStatusHolder {

	private final AtomicReference<ContainerState> state = new AtomicReference<>(ContainerState.STOPPED);

	private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicLong listenerFailures = new AtomicLong();

	private final AtomicLong skippedEvents = new AtomicLong();

	private volatile @Nullable PositionTracker tracker;

	private volatile boolean connected;

	private volatile @Nullable Instant lastEventTime;

	private volatile @Nullable Duration lag;

	private volatile @Nullable String connectionProblem;

	private volatile ContainerObserver observer = ContainerObserver.NONE;

	// threads waiting for the committed position to move (read your own writes)
	private final Queue<Thread> waiters = new ConcurrentLinkedQueue<>();

	/**
	 * Move to another state if the transition is legal.
	 * @param next the new state
	 * @return whether the state is now {@code next}
	 */
	boolean moveTo(ContainerState next) {
		ContainerState current = this.state.get();
		while (current.canMoveTo(next)) {
			if (this.state.compareAndSet(current, next)) {
				wakeWaiters();
				return true;
			}
			current = this.state.get();
		}
		return current == next;
	}

	/**
	 * Start again: move to {@link ContainerState#STARTING} and forget the last failure.
	 * @return whether the container was stopped or failed, and is now starting
	 */
	boolean starting() {
		ContainerState current = this.state.get();
		if (current.canMoveTo(ContainerState.STARTING) && this.state.compareAndSet(current, ContainerState.STARTING)) {
			this.failure.set(null);
			return true;
		}
		return false;
	}

	/**
	 * Record the failure that stops the container, unless one was recorded before, and move to
	 * {@link ContainerState#FAILED}.
	 * @param ex the failure
	 * @return whether this is the first failure
	 */
	boolean fail(Throwable ex) {
		boolean first = this.failure.compareAndSet(null, ex);
		if (first) {
			moveTo(ContainerState.FAILED);
		}
		return first;
	}

	ContainerState state() {
		return this.state.get();
	}

	@Nullable Throwable failure() {
		return this.failure.get();
	}

	boolean failed() {
		return this.failure.get() != null;
	}

	boolean isRunning() {
		ContainerState current = this.state.get();
		return current == ContainerState.STARTING || current == ContainerState.STREAMING
				|| current == ContainerState.RECONNECTING || current == ContainerState.PAUSED;
	}

	void track(PositionTracker positions) {
		positions.onCommitted(this::wakeWaiters);
		this.tracker = positions;
		wakeWaiters();
	}

	/**
	 * Let the calling thread be woken from {@link java.util.concurrent.locks.LockSupport#park} whenever the committed
	 * position moves or the state changes. Register before looking at the position, so that no move is missed.
	 */
	void addWaiter() {
		this.waiters.add(Thread.currentThread());
	}

	void removeWaiter() {
		this.waiters.remove(Thread.currentThread());
	}

	private void wakeWaiters() {
		if (!this.waiters.isEmpty()) {
			for (Thread waiter : this.waiters) {
				LockSupport.unpark(waiter);
			}
		}
	}

	PositionTracker tracker() {
		return Objects.requireNonNull(this.tracker, "not started");
	}

	@Nullable BinlogPosition committedPosition() {
		PositionTracker positions = this.tracker;
		return (positions != null) ? positions.committed() : null;
	}

	@Nullable BinlogPosition currentPosition() {
		PositionTracker positions = this.tracker;
		return (positions != null) ? positions.current() : null;
	}

	void connected(boolean connected) {
		this.connected = connected;
	}

	boolean connected() {
		return this.connected;
	}

	/**
	 * An event arrived.
	 * @param now when it arrived
	 * @param lag how long after the server wrote it, or {@code null} when the event has no time
	 */
	void eventReceived(Instant now, @Nullable Duration lag) {
		this.lastEventTime = now;
		if (lag != null) {
			this.lag = lag;
		}
	}

	@Nullable Instant lastEventTime() {
		return this.lastEventTime;
	}

	@Nullable Duration lag() {
		return this.lag;
	}

	/**
	 * The connection failed (or came back, with {@code null}).
	 * @param problem what was observed
	 */
	void connectionProblem(@Nullable String problem) {
		this.connectionProblem = problem;
	}

	/**
	 * Return the failure's message, or while the connection is down what was observed when it failed.
	 * @return the last error, or {@code null}
	 */
	@Nullable String lastError() {
		Throwable error = this.failure.get();
		return (error != null) ? error.getMessage() : this.connectionProblem;
	}

	void reconnected() {
		this.reconnects.incrementAndGet();
	}

	void listenerFailed() {
		this.listenerFailures.incrementAndGet();
	}

	void skipped() {
		this.skippedEvents.incrementAndGet();
	}

	long reconnects() {
		return this.reconnects.get();
	}

	long listenerFailures() {
		return this.listenerFailures.get();
	}

	long skippedEvents() {
		return this.skippedEvents.get();
	}

	void observer(ContainerObserver observer) {
		this.observer = observer;
	}

	ContainerObserver observer() {
		return this.observer;
	}

}
