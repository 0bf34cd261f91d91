package dev.binlog.spring.container;

import java.time.Duration;

/**
 * The rule that closes a group of binlog transactions delivered in one database transaction: the group is full
 * once it holds at least {@code maxRows} rows or has been open for {@code maxDuration}. Asked only at the end of a
 * binlog transaction, so a group never splits one: a single transaction larger than the bound is a group of its
 * own. A group is also closed whenever the stream runs dry, which is not this rule's business.
 */
final class DeliveryGroup {

	private final int maxRows;

	private final long maxNanos;

	private long openedAt;

	private int rows;

	private boolean open;

	/**
	 * Create the rule.
	 * @param maxRows rows after which a group is full; 1 delivers every binlog transaction on its own
	 * @param maxDuration how long a group may stay open while events keep arriving
	 */
	DeliveryGroup(int maxRows, Duration maxDuration) {
		if (maxRows < 1) {
			throw new IllegalArgumentException("binlog.delivery.group.max-rows must be at least 1, not " + maxRows);
		}
		if (maxDuration.isNegative()) {
			throw new IllegalArgumentException("binlog.delivery.group.max-duration must not be negative");
		}
		this.maxRows = maxRows;
		this.maxNanos = maxDuration.toNanos();
	}

	/**
	 * A group opens with the first change delivered in it.
	 * @param nanoTime {@link System#nanoTime()} now
	 */
	void open(long nanoTime) {
		this.open = true;
		this.openedAt = nanoTime;
		this.rows = 0;
	}

	/**
	 * Rows were delivered in the group.
	 * @param count how many
	 */
	void added(int count) {
		this.rows += count;
	}

	/**
	 * Return whether the group must be committed now, at the end of a binlog transaction.
	 * @param nanoTime {@link System#nanoTime()} now
	 * @return whether it reached one of its bounds
	 */
	boolean isFull(long nanoTime) {
		return this.open && (this.rows >= this.maxRows || nanoTime - this.openedAt >= this.maxNanos);
	}

	boolean isOpen() {
		return this.open;
	}

	int rows() {
		return this.rows;
	}

	void close() {
		this.open = false;
		this.rows = 0;
	}

}
