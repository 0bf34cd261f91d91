package dev.binlog.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Counts rows as a listener sees them and notes when, on which thread and at what cost the target was reached.
 * Written by one thread (the binlog thread), read by the waiting thread after {@link #await}.
 */
final class Probe {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final long target;

	private final CountDownLatch done = new CountDownLatch(1);

	private long count;

	private volatile long firstNanos;

	private volatile long lastNanos;

	private long firstAllocated;

	private long firstCpu;

	private volatile long allocatedBytes;

	private volatile long cpuNanos;

	private volatile long misdelivered;

	Probe(long target) {
		this.target = target;
	}

	/** Called by listeners: {@code rows} more rows arrived. */
	void add(int rows) {
		if (this.count == 0) {
			this.firstNanos = System.nanoTime();
			this.firstAllocated = THREADS.getCurrentThreadAllocatedBytes();
			this.firstCpu = THREADS.getCurrentThreadCpuTime();
		}
		long before = this.count;
		this.count = before + rows;
		if (before < this.target && this.count >= this.target) {
			this.lastNanos = System.nanoTime();
			// the allocations and CPU of the thread that read, decoded and delivered the rows
			this.allocatedBytes = THREADS.getCurrentThreadAllocatedBytes() - this.firstAllocated;
			this.cpuNanos = THREADS.getCurrentThreadCpuTime() - this.firstCpu;
			this.done.countDown();
		}
	}

	/** Called by listeners that should never have been called. */
	void misdelivered() {
		this.misdelivered++;
	}

	boolean await(long timeout, TimeUnit unit) throws InterruptedException {
		return this.done.await(timeout, unit);
	}

	long count() {
		return this.count;
	}

	long target() {
		return this.target;
	}

	long firstNanos() {
		return this.firstNanos;
	}

	long lastNanos() {
		return this.lastNanos;
	}

	long allocatedBytes() {
		return this.allocatedBytes;
	}

	long cpuNanos() {
		return this.cpuNanos;
	}

	long misdeliveredCount() {
		return this.misdelivered;
	}

}
