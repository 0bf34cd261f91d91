package dev.binlog.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Commit and receive times per writer transaction. The writer notes when its COMMIT returned; the listener (on the
 * binlog thread) notes when it saw the transaction's first and last rows. Latencies are computed after both are
 * done, so the listener may see a transaction before its writer noted the commit.
 */
final class LatencyRecorder {

	private final int rowsPerTransaction;

	private final long[] commitNanos;

	private final long[] firstSeenNanos;

	private final long[] lastSeenNanos;

	private final int[] seenRows;

	private final CountDownLatch complete;

	LatencyRecorder(int transactions, int rowsPerTransaction) {
		this.rowsPerTransaction = rowsPerTransaction;
		this.commitNanos = new long[transactions];
		this.firstSeenNanos = new long[transactions];
		this.lastSeenNanos = new long[transactions];
		this.seenRows = new int[transactions];
		this.complete = new CountDownLatch(transactions);
	}

	/** Writer thread: transaction {@code txn} committed now. */
	void committed(int txn, long nanos) {
		this.commitNanos[txn] = nanos;
	}

	/** Binlog thread: {@code rows} rows of transaction {@code txn} arrived now. */
	void seen(int txn, int rows) {
		long now = System.nanoTime();
		if (this.firstSeenNanos[txn] == 0) {
			this.firstSeenNanos[txn] = now;
		}
		this.lastSeenNanos[txn] = now;
		this.seenRows[txn] += rows;
		if (this.seenRows[txn] == this.rowsPerTransaction) {
			this.complete.countDown();
		}
	}

	boolean await(long timeout, TimeUnit unit) throws InterruptedException {
		return this.complete.await(timeout, unit);
	}

	long missing() {
		return this.complete.getCount();
	}

	long commitNanos(int txn) {
		return this.commitNanos[txn];
	}

	long firstSeenNanos(int txn) {
		return this.firstSeenNanos[txn];
	}

	long lastSeenNanos(int txn) {
		return this.lastSeenNanos[txn];
	}

	int rowsPerTransaction() {
		return this.rowsPerTransaction;
	}

	int seenRows(int txn) {
		return this.seenRows[txn];
	}

}
