package dev.binlog.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Heap peak (the peak usage of every heap memory pool, summed, since {@link #start()}), garbage collection (time
 * and count of every collector, since {@link #start()}) and, on Linux, the CPU that other processes than this JVM
 * and its MariaDB used meanwhile: a benchmark sharing two cores with a build is not measuring the starter alone.
 */
final class Resources {

	private static final Path PROC_STAT = Path.of("/proc/stat");

	// /proc/stat counts in USER_HZ, 100 per second on every Linux we know of
	private static final long NANOS_PER_TICK = 10_000_000L;

	private long gcMillisAtStart;

	private long gcCountAtStart;

	private long wallAtStart;

	private long machineBusyAtStart;

	private long ownCpuAtStart;

	/** Collects garbage left by earlier work, then resets the pools' peaks and notes the collectors' totals. */
	void start() {
		start(true);
	}

	/**
	 * Resets the pools' peaks and notes the collectors' totals.
	 * @param collectFirst whether to collect garbage left by earlier work first (not in the middle of a load)
	 */
	void start(boolean collectFirst) {
		if (collectFirst) {
			System.gc();
		}
		for (MemoryPoolMXBean pool : heapPools()) {
			pool.resetPeakUsage();
		}
		this.gcMillisAtStart = gcMillis();
		this.gcCountAtStart = gcCount();
		this.machineBusyAtStart = machineBusyNanos();
		this.ownCpuAtStart = ownCpuNanos();
		this.wallAtStart = System.nanoTime();
	}

	Usage stop() {
		long wall = System.nanoTime() - this.wallAtStart;
		long machine = machineBusyNanos() - this.machineBusyAtStart;
		long own = ownCpuNanos() - this.ownCpuAtStart;
		double others = (this.machineBusyAtStart >= 0 && wall > 0) ? Math.max(0, (double) (machine - own) / wall)
				: Double.NaN;
		long peak = 0;
		for (MemoryPoolMXBean pool : heapPools()) {
			peak += pool.getPeakUsage().getUsed();
		}
		return new Usage(peak, gcMillis() - this.gcMillisAtStart, gcCount() - this.gcCountAtStart, others);
	}

	private static List<MemoryPoolMXBean> heapPools() {
		return ManagementFactory.getMemoryPoolMXBeans().stream().filter((p) -> p.getType() == MemoryType.HEAP).toList();
	}

	private static long gcMillis() {
		long total = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			total += Math.max(0, gc.getCollectionTime());
		}
		return total;
	}

	private static long gcCount() {
		long total = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			total += Math.max(0, gc.getCollectionCount());
		}
		return total;
	}

	/** CPU of every core in use (user, nice, system, irq, softirq, steal), or -1 without /proc/stat. */
	private static long machineBusyNanos() {
		try {
			String[] cpu = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
			long busy = 0;
			for (int field : new int[] { 1, 2, 3, 6, 7, 8 }) {
				busy += Long.parseLong(cpu[field]);
			}
			return busy * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** CPU of this JVM and its child processes (the embedded MariaDB). */
	private static long ownCpuNanos() {
		long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
		long children = ProcessHandle.current()
			.descendants()
			.mapToLong((child) -> child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
			.sum();
		return jvm + children;
	}

	/**
	 * @param heapPeakBytes the heap pools' peaks, summed
	 * @param gcMillis the collectors' collection time
	 * @param gcCount the number of collections
	 * @param otherCores the CPU used by other processes, in cores (0.5 = half a core all the time), NaN if unknown
	 */
	record Usage(long heapPeakBytes, long gcMillis, long gcCount, double otherCores) {

	}

}
