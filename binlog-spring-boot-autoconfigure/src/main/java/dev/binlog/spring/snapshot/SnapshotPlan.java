package dev.binlog.spring.snapshot;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The tables a {@link SnapshotCoordinator} still has to read, in order, the first one with the key of the last row
 * of its last completed chunk: what is saved with the position ({@link #checkpoint()}) so that a restart continues
 * from the last completed chunk. Once it ran out of tables a plan is retired and takes no more; a new request then
 * needs a new coordinator. Thread-safe.
 */
public final class SnapshotPlan {

	private final List<PlannedTable> tables;

	private long tablesDone;

	private boolean retired;

	/**
	 * Create an empty plan.
	 */
	public SnapshotPlan() {
		this(0, List.of());
	}

	SnapshotPlan(long tablesDone, List<PlannedTable> tables) {
		this.tablesDone = tablesDone;
		this.tables = new ArrayList<>(tables);
	}

	/**
	 * Return the plan saved as a checkpoint.
	 * @param checkpoint a {@link #checkpoint()}
	 * @return the plan
	 * @throws IllegalArgumentException if the text is no checkpoint
	 */
	public static SnapshotPlan resume(String checkpoint) {
		return SnapshotCheckpoint.decode(checkpoint);
	}

	/**
	 * Add a table to read after the others.
	 * @param schema the schema
	 * @param table the table
	 * @param condition a {@code WHERE} condition, or {@code null}
	 * @return whether it was added: {@code false} once the plan is retired
	 */
	public synchronized boolean add(String schema, String table, @Nullable String condition) {
		if (this.retired) {
			return false;
		}
		this.tables.add(new PlannedTable(schema, table, condition, null, 0));
		notifyAll();
		return true;
	}

	/**
	 * Return whether no table is left.
	 * @return whether it is empty
	 */
	public synchronized boolean isEmpty() {
		return this.tables.isEmpty();
	}

	/**
	 * Return how many tables are left, the one being read included.
	 * @return the number of tables
	 */
	public synchronized int remaining() {
		return this.tables.size();
	}

	/**
	 * Return the plan as text to save with the position.
	 * @return the text, or {@code null} when no table is left
	 */
	public synchronized @Nullable String checkpoint() {
		return this.tables.isEmpty() ? null : SnapshotCheckpoint.encode(this.tablesDone, this.tables);
	}

	// the next table, waiting a while for one; retires the plan when none came
	synchronized @Nullable PlannedTable next(long waitMillis) throws InterruptedException {
		if (this.tables.isEmpty() && !this.retired) {
			wait(waitMillis);
		}
		if (this.tables.isEmpty()) {
			this.retired = true;
			return null;
		}
		return this.tables.get(0);
	}

	// the table as planned from now on
	synchronized PlannedTable chunkDone(PlannedTable table, List<Object> lastKey, long rows) {
		PlannedTable next = new PlannedTable(table.schema(), table.table(), table.condition(), lastKey, rows);
		int index = this.tables.indexOf(table);
		if (index >= 0) {
			this.tables.set(index, next);
		}
		return next;
	}

	synchronized void tableDone(PlannedTable table) {
		if (this.tables.remove(table)) {
			this.tablesDone++;
		}
	}

	// no more tables: the coordinator stops
	synchronized void retire() {
		this.retired = true;
	}

	synchronized long tablesDone() {
		return this.tablesDone;
	}

	/**
	 * A table to read.
	 *
	 * @param schema the schema
	 * @param table the table
	 * @param condition a {@code WHERE} condition, or {@code null}
	 * @param after the raw key of the last row published, or {@code null} before the first chunk
	 * @param rows the rows published so far
	 */
	record PlannedTable(String schema, String table, @Nullable String condition, @Nullable List<Object> after,
			long rows) {

		// identity, not content: the same table may be asked for twice
		@Override
		public boolean equals(Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

	}

}
