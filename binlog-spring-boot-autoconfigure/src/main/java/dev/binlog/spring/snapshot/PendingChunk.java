package dev.binlog.spring.snapshot;

import org.jspecify.annotations.Nullable;

/**
 * A chunk read and waiting for the stream to reach its watermark, and what became of it. Its fields are used under
 * the coordinator's lock only.
 */
final class PendingChunk {

	final SnapshotTable table;

	final @Nullable String condition;

	final ChunkReader.Chunk chunk;

	final ChangedKeys keys;

	final boolean first;

	final boolean last;

	final long rowsBefore;

	boolean done;

	boolean failed;

	int publishedRows;

	PendingChunk(SnapshotTable table, @Nullable String condition, ChunkReader.Chunk chunk, ChangedKeys keys,
			boolean first, boolean last, long rowsBefore) {
		this.table = table;
		this.condition = condition;
		this.chunk = chunk;
		this.keys = keys;
		this.first = first;
		this.last = last;
		this.rowsBefore = rowsBefore;
	}

}
