package dev.binlog.spring.snapshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The progress of a container's table snapshots since it was created, for meters, health details and
 * {@code /actuator/binlog}: rows read, tables completed, the table being read and the time chunks take from their
 * read to their publication. Written by the snapshot thread, read by any thread.
 */
public final class SnapshotProgress {

	private final AtomicLong rowsRead = new AtomicLong();

	private final AtomicLong tablesDone = new AtomicLong();

	private final AtomicLong chunks = new AtomicLong();

	private final AtomicLong chunkNanos = new AtomicLong();

	private volatile @Nullable String currentTable;

	private volatile long currentTableRows;

	/**
	 * Return the rows read by every chunk so far, those the stream's newer version replaced included.
	 * @return the rows read
	 */
	public long rowsRead() {
		return this.rowsRead.get();
	}

	/**
	 * Return how many table snapshots completed.
	 * @return the number of tables
	 */
	public long tablesDone() {
		return this.tablesDone.get();
	}

	/**
	 * Return how many chunks were published.
	 * @return the number of chunks
	 */
	public long chunks() {
		return this.chunks.get();
	}

	/**
	 * Return the total time chunks took from the start of their read to their publication.
	 * @return the time in nanoseconds
	 */
	public long chunkNanos() {
		return this.chunkNanos.get();
	}

	/**
	 * Return the table being read, as {@code schema.table}.
	 * @return the table, or {@code null} if none is
	 */
	public @Nullable String currentTable() {
		return this.currentTable;
	}

	/**
	 * Return the details shown in health and {@code /actuator/binlog}.
	 * @param remainingTables the tables waiting or being read
	 * @return the details, in a stable order
	 */
	public Map<String, Object> details(int remainingTables) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("remainingTables", remainingTables);
		details.put("tablesDone", tablesDone());
		details.put("rowsRead", rowsRead());
		String current = this.currentTable;
		if (current != null) {
			details.put("currentTable", current);
			details.put("currentTableRows", this.currentTableRows);
		}
		return details;
	}

	void tableStarted(String table) {
		this.currentTable = table;
		this.currentTableRows = 0;
	}

	void chunkPublished(int rowsRead, long nanos) {
		this.rowsRead.addAndGet(rowsRead);
		this.currentTableRows += rowsRead;
		this.chunks.incrementAndGet();
		this.chunkNanos.addAndGet(nanos);
	}

	void tableEnded(boolean completed) {
		if (completed) {
			this.tablesDone.incrementAndGet();
		}
		this.currentTable = null;
	}

}
