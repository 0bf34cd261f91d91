package dev.binlog.spring.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.binlog.spring.BinlogEvent;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableSnapshotCompletedEvent;
import dev.binlog.spring.TableSnapshotEvent;
import dev.binlog.spring.TableSnapshotStartedEvent;
import dev.binlog.spring.decoding.DecodingOptions;
import dev.binlog.spring.snapshot.SnapshotPlan.PlannedTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Snapshots tables while the stream runs (DBLog): a thread of its own reads one chunk at a time by key; before each
 * read it opens a window in which the stream records the keys it changes in that table; the chunk is published in
 * the stream's order once the stream's committed position reaches the chunk's watermark, without the rows whose key
 * the stream changed after the watermark. Only one chunk is held at a time, so memory is bounded by the chunk size.
 * After each published chunk the {@link SnapshotPlan} (the tables left, the last key read) is handed to the stream
 * to be saved with its position, so that a restart continues from the last completed chunk.
 * <p>
 * A coordinator exists only while its plan has tables: once it ran out, its thread ends and the stream forgets it.
 * While it exists the binlog thread handles each event between {@link #enter()} and {@link #exit()}, tells
 * {@link #changed} about every decoded change and calls {@link #boundary()} after every commit; the snapshot thread
 * takes the same lock to publish when the stream is idle, so listeners are never called by two threads at once.
 */
public final class SnapshotCoordinator {

	private static final Log logger = LogFactory.getLog(SnapshotCoordinator.class);

	// how often the snapshot thread looks for a boundary itself, for a stream without commits
	private static final long HAND_OVER_POLL_MILLIS = 20;

	private final JdbcTemplate jdbc;

	private final SnapshotSettings settings;

	private final ChunkReader reader;

	private final Object source;

	private final SnapshotStream stream;

	private final SnapshotProgress progress;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition published = this.lock.newCondition();

	private final SnapshotPlan plan;

	// under the lock
	private @Nullable ChangedKeys window;

	private @Nullable PendingChunk pending;

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	/**
	 * Create a coordinator.
	 * @param jdbc the JDBC side of the binlog server, on which chunks are read
	 * @param settings the snapshot settings
	 * @param decoding the decoding options, so that snapshot values have the stream's types
	 * @param source the source of the events: the container
	 * @param stream the stream the chunks are published into
	 * @param progress where the progress is counted
	 * @param plan the tables to read, maybe resumed from a checkpoint
	 */
	public SnapshotCoordinator(JdbcTemplate jdbc, SnapshotSettings settings, DecodingOptions decoding, Object source,
			SnapshotStream stream, SnapshotProgress progress, SnapshotPlan plan) {
		this.progress = progress;
		this.plan = plan;
		this.jdbc = jdbc;
		this.settings = settings;
		this.reader = new ChunkReader(jdbc, new SnapshotValues(decoding));
		this.source = source;
		this.stream = stream;
	}

	/**
	 * The binlog thread starts handling an event: take the lock, so that no chunk is published meanwhile.
	 */
	public void enter() {
		this.lock.lock();
	}

	/**
	 * The binlog thread handled an event.
	 */
	public void exit() {
		this.lock.unlock();
	}

	/**
	 * The stream decoded changes: record their keys if a chunk of their table is being read. Called under the lock.
	 * @param event the changes of one rows event
	 * @param position the position just after the event
	 */
	public void changed(TableChangeEvent event, BinlogPosition position) {
		ChangedKeys keys = this.window;
		if (keys != null && keys.watches(event.getSchema(), event.getTable())) {
			for (RowChange change : event.getChanges()) {
				keys.changed(change, position);
			}
		}
	}

	/**
	 * The stream committed a transaction: publish the chunk that waits for this position. Called under the lock.
	 */
	public void boundary() {
		publishIfReached();
	}

	/**
	 * Ask for a snapshot of one table; it runs after the ones asked for before.
	 * @param schema the schema
	 * @param table the table
	 * @param condition a {@code WHERE} condition that limits the rows (a backfill of a range), or {@code null}
	 * @return whether it was taken: {@code false} once this coordinator ran out of tables and ends
	 */
	public boolean request(String schema, String table, @Nullable String condition) {
		if (!this.plan.add(schema, table, condition)) {
			return false;
		}
		this.stream.progressed(this.plan.checkpoint());
		return true;
	}

	/**
	 * Return how many tables wait for their snapshot or are being read.
	 * @return the number of tables
	 */
	public int remainingTables() {
		return this.plan.remaining();
	}

	/**
	 * Start the snapshot thread.
	 * @param name the thread's name
	 */
	public void start(String name) {
		this.running = true;
		Thread worker = new Thread(this::run, name);
		worker.setDaemon(true);
		this.thread = worker;
		worker.start();
	}

	/**
	 * Stop the snapshot thread (it also stops by itself once the stream stopped); the tables not completed stay in
	 * the saved progress, from which a restart continues.
	 */
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		Thread worker = this.thread;
		if (worker != null) {
			worker.interrupt();
		}
		int remaining = this.plan.remaining();
		if (remaining > 0) {
			logger.warn(remaining + " table snapshot(s) did not complete before the stop; " + (this.stream.resumable()
					? "a restart continues them from the last completed chunk"
					: "the position store keeps no snapshot progress, so a restart does not resume them: ask again"));
		}
	}

	private void run() {
		try {
			while (this.running) {
				if (this.stream.stopped()) {
					stop();
					return;
				}
				PlannedTable next = this.plan.next(HAND_OVER_POLL_MILLIS * 10);
				if (next == null) {
					// the plan ran out and takes no more: this coordinator ends, a new request makes a new one
					this.running = false;
					return;
				}
				snapshot(next);
			}
		}
		catch (InterruptedException ex) {
			// stopped
		}
		catch (RuntimeException ex) {
			if (this.running) {
				this.stream.fail(ex);
			}
		}
		finally {
			this.plan.retire();
			this.stream.retired(this);
		}
	}

	private void snapshot(PlannedTable planned) throws InterruptedException {
		this.progress.tableStarted(planned.schema() + "." + planned.table());
		boolean completed = false;
		try {
			SnapshotTable table;
			try {
				table = SnapshotTable.read(this.jdbc, planned.schema(), planned.table());
			}
			catch (RuntimeException ex) {
				// a table that cannot be read in chunks is refused for good, not again after every restart
				this.plan.tableDone(planned);
				this.stream.progressed(this.plan.checkpoint());
				throw ex;
			}
			completed = snapshot(planned, table);
		}
		finally {
			this.progress.tableEnded(completed);
		}
	}

	private boolean snapshot(PlannedTable planned, SnapshotTable table) throws InterruptedException {
		long started = System.nanoTime();
		List<Object> after = planned.after();
		long rows = planned.rows();
		boolean first = after == null;
		logger.info("Snapshot of " + table + ((planned.condition() != null) ? " where " + planned.condition() : "")
				+ (first ? " starts" : " continues after " + rows + " row(s)") + ", key ("
				+ String.join(", ", table.key()) + "), chunks of " + this.settings.chunkSize());
		boolean last;
		try (ChunkReader.Session session = this.reader.open()) {
			do {
				ChangedKeys keys = new ChangedKeys(table);
				this.lock.lock();
				try {
					this.window = keys;
				}
				finally {
					this.lock.unlock();
				}
				long read = System.nanoTime();
				ChunkReader.Chunk chunk = session.read(table, planned.condition(), after, this.settings.chunkSize());
				List<Object> lastKey = chunk.lastKey();
				last = chunk.rows().size() < this.settings.chunkSize() || lastKey == null;
				rows += handOver(new PendingChunk(table, planned.condition(), chunk, keys, first, last, rows));
				this.progress.chunkPublished(chunk.rows().size(), System.nanoTime() - read);
				if (last) {
					this.plan.tableDone(planned);
				}
				else {
					planned = this.plan.chunkDone(planned, lastKey, rows);
				}
				// saved with the stream's position, which lies at or after the chunk's publication
				this.stream.progressed(this.plan.checkpoint());
				after = lastKey;
				first = false;
			}
			while (!last && this.running);
		}
		logger.info("Snapshot of " + table + (last ? " complete: " : " stopped: ") + rows + " row(s) published in "
				+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
		return last;
	}

	// waits until the stream reached the chunk's watermark and the chunk was published; returns its row count
	private int handOver(PendingChunk chunk) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			this.pending = chunk;
			while (!chunk.done) {
				if (this.stream.stopped() || !this.running) {
					throw new InterruptedException("stopped");
				}
				publishIfReached();
				if (!chunk.done) {
					this.published.await(HAND_OVER_POLL_MILLIS, TimeUnit.MILLISECONDS);
				}
			}
			if (chunk.failed) {
				// the stream stops with the listener's failure; the table is not complete
				throw new IllegalStateException("A listener failed on a snapshot chunk of " + chunk.table);
			}
			return chunk.publishedRows;
		}
		finally {
			this.lock.unlock();
		}
	}

	// under the lock
	private void publishIfReached() {
		PendingChunk chunk = this.pending;
		if (chunk == null) {
			return;
		}
		BinlogPosition boundary = this.stream.boundary();
		BinlogPosition watermark = chunk.chunk.watermark();
		// the binlog thread may still be in an event it began before this coordinator existed, without the lock: that
		// event lies at or before the binlog's end when the coordinator was made, so at or before the watermark, and
		// the committed position reaches the watermark only after such an event's listeners returned
		if (boundary == null || Watermarks.isAfter(watermark, boundary)) {
			return;
		}
		this.pending = null;
		this.window = null;
		// most chunks of a large table see no change of their own rows: no key to build per row then
		List<Row> rows = (chunk.keys.size() == 0) ? chunk.chunk.rows()
				: chunk.chunk.rows().stream().filter((row) -> !chunk.keys.changedAfter(row, watermark)).toList();
		Instant now = Instant.now();
		SnapshotTable table = chunk.table;
		if (chunk.first) {
			publish(chunk, new TableSnapshotStartedEvent(this.source, watermark, now, table.schema(),
					table.table(), chunk.condition));
		}
		if (!rows.isEmpty()) {
			publish(chunk, new TableSnapshotEvent(this.source, watermark, now, table.schema(), table.table(),
					rows));
		}
		if (chunk.last) {
			publish(chunk, new TableSnapshotCompletedEvent(this.source, watermark, now, table.schema(),
					table.table(), chunk.rowsBefore + rows.size()));
		}
		chunk.publishedRows = rows.size();
		chunk.done = true;
		this.published.signalAll();
	}

	// under the lock; a listener failure ends the snapshot and stops the stream
	private void publish(PendingChunk chunk, BinlogEvent event) {
		try {
			this.stream.publish(event);
		}
		catch (RuntimeException ex) {
			chunk.failed = true;
			chunk.done = true;
			this.published.signalAll();
			throw ex;
		}
	}

}
