package dev.binlog.benchmarks;

/**
 * One way of reading the benchmark's rows from the binlog.
 */
interface Variant {

	/** A short name, as {@code --variants} takes it. */
	String name();

	/** What the variant measures. */
	String description();

	/**
	 * Read {@code target.rows()} row changes from {@code target.start()} and measure.
	 * @param target what to read
	 * @param serverId a replica server id not used by any earlier run
	 * @return the figures
	 * @throws Exception if the rows did not all arrive in time
	 */
	RunResult run(Target target, long serverId) throws Exception;

}
