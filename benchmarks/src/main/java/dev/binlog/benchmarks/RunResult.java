package dev.binlog.benchmarks;

/**
 * The figures of one measured run.
 *
 * @param variant the variant's name
 * @param rows the rows counted
 * @param nanos from the start of streaming (connect) until the listener saw the last row
 * @param usage heap peak and garbage collection over the run
 * @param allocatedBytes bytes allocated by the thread that read, decoded and delivered the rows, from its first
 * row to its last
 * @param cpuNanos CPU time of that thread over the same span
 * @param streamNanos from the first row the listener saw to the last
 * @param startupMillis how long the application context took to start (0 for the raw client)
 */
record RunResult(String variant, long rows, long nanos, Resources.Usage usage, long allocatedBytes, long cpuNanos,
		long streamNanos, long startupMillis) {

	double rowsPerSecond() {
		return this.rows * 1e9 / this.nanos;
	}

	double bytesPerRow() {
		return (double) this.allocatedBytes / this.rows;
	}

	double cpuNanosPerRow() {
		return (double) this.cpuNanos / this.rows;
	}

	/** CPU time of the binlog thread over wall time from first to last row: near 1 means that thread was the limit. */
	double threadBusy() {
		return (this.streamNanos > 0) ? (double) this.cpuNanos / this.streamNanos : 0;
	}

}
