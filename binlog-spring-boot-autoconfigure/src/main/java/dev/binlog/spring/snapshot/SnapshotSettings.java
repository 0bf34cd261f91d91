package dev.binlog.spring.snapshot;

/**
 * How the container snapshots tables.
 *
 * @param mode when snapshots run by themselves
 * @param chunkSize how many rows one chunk reads at most; the rows of one chunk are held in memory until the stream
 * reaches the chunk's watermark
 */
public record SnapshotSettings(SnapshotMode mode, int chunkSize) {

	/** Settings with the same defaults as the {@code binlog.snapshot.*} properties. */
	public static final SnapshotSettings DEFAULTS = new SnapshotSettings(SnapshotMode.NEVER, 1024);

	public SnapshotSettings {
		if (chunkSize < 1) {
			throw new IllegalArgumentException("binlog.snapshot.chunk-size must be at least 1, not " + chunkSize);
		}
	}

}
