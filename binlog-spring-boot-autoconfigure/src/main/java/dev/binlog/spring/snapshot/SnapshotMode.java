package dev.binlog.spring.snapshot;

/**
 * When the container snapshots the captured tables by itself.
 */
public enum SnapshotMode {

	/** Never: snapshots run only when asked for through the Java API. */
	NEVER,

	/**
	 * On the first start, when no position was saved yet: every captured table, while the stream runs from the start
	 * position.
	 */
	INITIAL,

	/**
	 * As {@link #INITIAL}, and also when the saved position was purged from the server: instead of failing, the
	 * stream continues from the end of the current binlog and every captured table is snapshotted from there.
	 */
	WHEN_NEEDED

}
