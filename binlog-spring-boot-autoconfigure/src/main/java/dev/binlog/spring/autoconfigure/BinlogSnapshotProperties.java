package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.snapshot.SnapshotMode;
import dev.binlog.spring.snapshot.SnapshotSettings;

/**
 * Table snapshots ({@code binlog.snapshot.*}): the rows the captured tables already hold, read in chunks while the
 * stream runs.
 */
public class BinlogSnapshotProperties {

	/**
	 * When the container snapshots the captured tables by itself: never, initial (on a first start without a
	 * saved position), or when-needed (also when the saved position was purged from the server, instead of failing).
	 */
	private SnapshotMode mode = SnapshotSettings.DEFAULTS.mode();

	/**
	 * Most rows one chunk reads; they are held in memory until the stream reaches the chunk's watermark.
	 */
	private int chunkSize = SnapshotSettings.DEFAULTS.chunkSize();

	public SnapshotMode getMode() {
		return this.mode;
	}

	public void setMode(SnapshotMode mode) {
		this.mode = mode;
	}

	public int getChunkSize() {
		return this.chunkSize;
	}

	public void setChunkSize(int chunkSize) {
		this.chunkSize = chunkSize;
	}

	SnapshotSettings toSettings() {
		return new SnapshotSettings(this.mode, this.chunkSize);
	}

}
