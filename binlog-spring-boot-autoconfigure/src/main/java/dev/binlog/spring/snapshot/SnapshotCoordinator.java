package dev.binlog.spring.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Snapshots tables while the stream runs (DBLog): a thread of its own reads one chunk at a time by key; before each
 * read it opens a window in which the stream records the keys it changes in that table; the chunk is published in
 * the stream's order once the stream's committed position reaches the chunk's watermark, without the rows whose key
 * the stream changed after the watermark. Only one chunk is held at a time, so memory is bounded by the chunk size.
 * <p>
 * The binlog thread holds {@link #lock()} while it handles an event, tells {@link #changed} about every decoded
 * change and calls {@link #boundary()} after every commit; the snapshot thread takes the same lock to publish when
 * the stream is idle, so listeners are never called by two threads at once.
 */
public final class SnapshotCoordinator {

	private static final Log logger = LogFactory.getLog(SnapshotCoordinator.class);

	// how often the snapshot thread looks for a boundary itself, for a stream without commits
	private static final long HAND_OVER_POLL_MILLIS = 20;

	private final JdbcTemplate jdbc;

	private final SnapshotSettings settings;

	private final ChunkReader reader;

	private final Object source;

	private final Stream stream;

	private final SnapshotProgress progress;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition published = this.lock.newCondition();

	private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

	private final AtomicInteger remaining = new AtomicInteger();

	// under the lock
	private @Nullable ChangedKeys window;

	private @Nullable Pending pending;

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
	 */
	public SnapshotCoordinator(JdbcTemplate jdbc, SnapshotSettings settings, DecodingOptions decoding, Object source,
			Stream stream, SnapshotProgress progress) {
		this.progress = progress;
		this.jdbc = jdbc;
		this.settings = settings;
		this.reader = new ChunkReader(jdbc, new SnapshotValues(decoding));
		this.source = source;
		this.stream = stream;
	}

	/**
	 * Return the lock the binlog thread holds while it handles an event.
	 * @return the lock
	 */
	public ReentrantLock lock() {
		return this.lock;
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
	 */
	public void request(String schema, String table, @Nullable String condition) {
		this.remaining.incrementAndGet();
		this.requests.add(new Request(schema, table, condition));
	}

	/**
	 * Return how many tables wait for their snapshot or are being read.
	 * @return the number of tables
	 */
	public int remainingTables() {
		return this.remaining.get();
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
	 * Stop the snapshot thread (it also stops by itself once the stream stopped); a table not completed is not
	 * resumed by a restart.
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
		if (this.remaining.get() > 0) {
			logger.warn(this.remaining.get() + " table snapshot(s) did not complete before the stop; a restart does "
					+ "not resume them: ask for them again");
		}
	}

	private void run() {
		while (this.running) {
			if (this.stream.stopped()) {
				stop();
				return;
			}
			Request request;
			try {
				request = this.requests.poll(HAND_OVER_POLL_MILLIS * 10, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				return;
			}
			if (request == null) {
				continue;
			}
			try {
				snapshot(request);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (this.running) {
					this.stream.fail(ex);
				}
				return;
			}
			finally {
				this.remaining.decrementAndGet();
			}
		}
	}

	private void snapshot(Request request) throws InterruptedException {
		this.progress.tableStarted(request.schema() + "." + request.table());
		boolean completed = false;
		try {
			completed = snapshot(request, SnapshotTable.read(this.jdbc, request.schema(), request.table()));
		}
		finally {
			this.progress.tableEnded(completed);
		}
	}

	private boolean snapshot(Request request, SnapshotTable table) throws InterruptedException {
		long started = System.nanoTime();
		logger.info("Snapshot of " + table + ((request.condition() != null) ? " where " + request.condition() : "")
				+ " starts, key (" + String.join(", ", table.key()) + "), chunks of " + this.settings.chunkSize());
		List<Object> after = null;
		long rows = 0;
		boolean first = true;
		boolean last;
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
			ChunkReader.Chunk chunk = this.reader.read(table, request.condition(), after, this.settings.chunkSize());
			last = chunk.rows().size() < this.settings.chunkSize();
			Pending chunkToPublish = new Pending(table, request.condition(), chunk, keys, first, last, rows);
			rows += handOver(chunkToPublish);
			this.progress.chunkPublished(chunk.rows().size(), System.nanoTime() - read);
			after = chunk.lastKey();
			first = false;
		}
		while (!last && this.running);
		logger.info("Snapshot of " + table + " complete: " + rows + " row(s) published in "
				+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
		return last;
	}

	// waits until the stream reached the chunk's watermark and the chunk was published; returns its row count
	private int handOver(Pending chunk) throws InterruptedException {
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
		Pending chunk = this.pending;
		if (chunk == null) {
			return;
		}
		BinlogPosition boundary = this.stream.boundary();
		BinlogPosition watermark = chunk.chunk.watermark();
		if (boundary == null || Watermarks.isAfter(watermark, boundary)) {
			return;
		}
		this.pending = null;
		this.window = null;
		List<Row> rows = chunk.chunk.rows().stream().filter((row) -> !chunk.keys.changedAfter(row, watermark)).toList();
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
	private void publish(Pending chunk, BinlogEvent event) {
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

	/**
	 * The stream the snapshot publishes into, implemented by the container.
	 */
	public interface Stream {

		/**
		 * Return the committed position if no transaction is open, so that a chunk can be published there.
		 * @return the position, or {@code null} inside a transaction or before the stream started
		 */
		@Nullable BinlogPosition boundary();

		/**
		 * Return whether the stream stopped or failed, which ends the snapshots.
		 * @return whether it stopped
		 */
		boolean stopped();

		/**
		 * Publish a snapshot event outside any transaction. Called under the lock.
		 * @param event a {@link TableChangeEvent} or a snapshot start or completion event
		 * @throws RuntimeException if a listener threw
		 */
		void publish(BinlogEvent event);

		/**
		 * Stop the stream with a failure of the snapshot.
		 * @param ex the failure
		 */
		void fail(Throwable ex);

	}

	private record Request(String schema, String table, @Nullable String condition) {
	}

	private static final class Pending {

		private final SnapshotTable table;

		private final @Nullable String condition;

		private final ChunkReader.Chunk chunk;

		private final ChangedKeys keys;

		private final boolean first;

		private final boolean last;

		private final long rowsBefore;

		private boolean done;

		private boolean failed;

		private int publishedRows;

		Pending(SnapshotTable table, @Nullable String condition, ChunkReader.Chunk chunk, ChangedKeys keys,
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

}
