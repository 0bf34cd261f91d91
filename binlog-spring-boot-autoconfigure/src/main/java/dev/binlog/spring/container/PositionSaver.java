package dev.binlog.spring.container;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.position.BinlogPositionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The rules for saving the committed position in the {@link BinlogPositionStore}: after every transaction or at
 * most once per save interval (on a thread of its own) and on stop; only when it moved forward
 * ({@link PositionOrder}); never for a transaction that only wrote the position table itself, which would write
 * again for ever; and a conflict on the record's version (another container saved it) stops the stream.
 */
final class PositionSaver {

	private static final Log logger = LogFactory.getLog(PositionSaver.class);

	private final BinlogPositionStore store;

	private final String name;

	private final Duration interval;

	private final @Nullable OwnTable ownTable;

	private final ContainerStatusHolder status;

	private final Consumer<BinlogStreamException> onConflict;

	private final Object saveMonitor = new Object();

	private final AtomicBoolean unsaved = new AtomicBoolean();

	private volatile @Nullable BinlogPosition savedPosition;

	// where the table snapshots stand, saved with every position; what the store holds, under the save monitor
	private volatile @Nullable String snapshotProgress;

	private @Nullable String savedSnapshotProgress;

	private volatile long serverId;

	private volatile @Nullable ScheduledExecutorService scheduler;

	// transactional delivery: while a group is open its position belongs to its transaction alone
	private volatile @Nullable TransactionalDelivery delivery;

	// after a stop nothing is saved: a listener that returns late must not move the record of a newer run
	private volatile boolean closed;

	// --- binlog thread only: whether the open transaction wrote the position table, and anything else

	private boolean ownTableTouched;

	private boolean otherTableTouched;

	/**
	 * Create a saver.
	 * @param store where positions are kept
	 * @param name the name of the position record
	 * @param interval how often at most to save; zero saves after every transaction
	 * @param status where the committed position is tracked
	 * @param onConflict told when another writer changed the record
	 */
	PositionSaver(BinlogPositionStore store, String name, Duration interval, ContainerStatusHolder status,
			Consumer<BinlogStreamException> onConflict) {
		this.store = store;
		this.name = name;
		this.interval = interval;
		this.ownTable = store.table().map(OwnTable::parse).orElse(null);
		this.status = status;
		this.onConflict = onConflict;
	}

	/**
	 * Return the position table, whose changes are not published, or {@code null} when positions are not kept in
	 * a table.
	 * @return the table
	 */
	@Nullable OwnTable ownTable() {
		return this.ownTable;
	}

	/**
	 * Return the table the store keeps positions in, if it is a table.
	 * @return the qualified table name
	 */
	Optional<String> storeTable() {
		return this.store.table();
	}

	/**
	 * Read the saved position at start.
	 * @param serverId the {@code server_id} of the server streamed from, saved with each position
	 * @return the saved position, or {@code null} on a first run
	 * @throws BinlogStreamException if the store cannot be read
	 */
	@Nullable BinlogPosition load(long serverId) {
		this.serverId = serverId;
		this.closed = false;
		BinlogPosition saved;
		try {
			saved = this.store.load(this.name).orElse(null);
			this.snapshotProgress = (saved != null) ? this.store.loadSnapshotProgress(this.name).orElse(null) : null;
			this.savedSnapshotProgress = this.snapshotProgress;
		}
		catch (DataAccessException ex) {
			throw new BinlogStreamException("Cannot read the saved binlog position '" + this.name + "': "
					+ ex.getMostSpecificCause().getMessage(),
					"Create the position table (binlog.position.initialize-schema=always runs the shipped script) "
							+ "or check the DataSource it lives in; a record that cannot be read must be corrected "
							+ "or deleted.",
					ex);
		}
		if (saved != null) {
			SavedPositionCheck.check(saved, "'" + this.name + "'"
					+ this.store.table().map((table) -> " in table " + table).orElse(""));
		}
		this.savedPosition = saved;
		return saved;
	}

	/**
	 * Return the position last saved, or read at start.
	 * @return the saved position, or {@code null}
	 */
	@Nullable BinlogPosition savedPosition() {
		return this.savedPosition;
	}

	/**
	 * Return the snapshot progress read at start or last reported.
	 * @return the progress, or {@code null} when no snapshot runs
	 */
	@Nullable String snapshotProgress() {
		return this.snapshotProgress;
	}

	/**
	 * The table snapshots moved on (a chunk completed, a table was asked for or done): save their progress with
	 * the committed position now.
	 * @param progress the progress, or {@code null} when none is left
	 */
	void snapshotProgressed(@Nullable String progress) {
		this.snapshotProgress = progress;
		save();
	}

	/**
	 * Return whether the store keeps snapshot progress, so that a restart resumes snapshots.
	 * @throws IllegalStateException naming what to run if the store is not set up for it
	 */
	boolean keepsSnapshotProgress() {
		return this.store.keepsSnapshotProgress();
	}

	/**
	 * Start saving once per interval, unless the interval is zero.
	 */
	void startSchedule() {
		if (!this.interval.isZero() && !this.interval.isNegative() && this.delivery == null) {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "binlog-position-save");
				thread.setDaemon(true);
				return thread;
			});
			executor.scheduleWithFixedDelay(this::save, this.interval.toMillis(), this.interval.toMillis(),
					TimeUnit.MILLISECONDS);
			this.scheduler = executor;
		}
	}

	void stopSchedule() {
		ScheduledExecutorService executor = this.scheduler;
		if (executor != null) {
			executor.shutdownNow();
			this.scheduler = null;
		}
	}

	/**
	 * A new connection: the open transaction is read again from its start.
	 */
	void reset() {
		this.ownTableTouched = false;
		this.otherTableTouched = false;
	}

	/**
	 * The open transaction changes a table.
	 * @param schema the schema
	 * @param table the table
	 */
	void tableChanged(String schema, String table) {
		if (this.ownTable != null && this.ownTable.matches(schema, table)) {
			this.ownTableTouched = true;
		}
		else {
			this.otherTableTouched = true;
		}
	}

	/**
	 * The open transaction (or standalone statement) changes something other than the position table, such as
	 * a table's layout.
	 */
	void otherChange() {
		this.otherTableTouched = true;
	}

	/**
	 * A transaction became the committed position: save it now (save interval zero) or with the next scheduled
	 * save, unless it only wrote the position table.
	 */
	void committed() {
		// a transaction that only wrote our own position needs no save: saving it would write again, for ever
		boolean ownOnly = this.ownTableTouched && !this.otherTableTouched;
		this.ownTableTouched = false;
		this.otherTableTouched = false;
		if (!ownOnly) {
			this.unsaved.set(true);
			// transactional delivery saves on the binlog thread only: a scheduled save could wait on the row lock
			// of an open group
			if (this.interval.isZero() || this.delivery != null) {
				save();
			}
		}
	}

	/**
	 * The committed position was replaced on request or by policy: save it with the next save if it lies after
	 * the saved one.
	 */
	void positionReplaced() {
		this.unsaved.set(true);
	}

	/**
	 * Save the position a first run starts from, before any event is delivered.
	 * @param start the start position
	 * @param progress the snapshots planned for this first run, saved in the same write, or {@code null}
	 * @throws BinlogStreamException if it cannot be saved
	 */
	void saveStart(BinlogPosition start, @Nullable String progress) {
		synchronized (this.saveMonitor) {
			try {
				this.snapshotProgress = progress;
				this.store.save(this.name, start, this.serverId, progress);
				this.savedPosition = start;
			}
			catch (RuntimeException ex) {
				throw new BinlogStreamException("Cannot save the start position " + start + " as binlog position '"
						+ this.name + "': " + ex.getMessage() + " Without it a restart could not know where this run "
						+ "began.", "Check the position store's DataSource and the grants of its user (INSERT and "
								+ "UPDATE on the position table), or set binlog.position.store=memory to give up "
								+ "positions across restarts.", ex);
			}
		}
	}

	/**
	 * Let transactional delivery write positions in its transactions; nothing else saves while one is open.
	 * @param delivery the delivery
	 */
	void deliverIn(TransactionalDelivery delivery) {
		this.delivery = delivery;
	}

	/**
	 * Write a position in the caller's transaction (transactional delivery); it counts as saved only once that
	 * transaction committed ({@link #savedWithin(BinlogPosition)}).
	 * @param position the position
	 */
	void saveWithin(BinlogPosition position) {
		synchronized (this.saveMonitor) {
			this.store.save(this.name, position, this.serverId, this.snapshotProgress);
		}
	}

	/**
	 * The transaction that wrote a position committed.
	 * @param position the position
	 */
	void savedWithin(BinlogPosition position) {
		this.savedPosition = position;
		this.unsaved.set(false);
	}

	/**
	 * Read the position back from the store, when only the store knows whether a write committed.
	 * @return the stored position, or {@code null} if there is none
	 */
	@Nullable BinlogPosition reload() {
		BinlogPosition stored = this.store.load(this.name).orElse(null);
		if (stored != null) {
			this.savedPosition = stored;
		}
		return stored;
	}

	/**
	 * Another writer changed the record: stop the stream, naming the way out.
	 * @param ex the conflict
	 */
	void conflict(OptimisticLockingFailureException ex) {
		this.onConflict.accept(new BinlogStreamException(ex.getMessage(), "Give each container its own "
				+ "binlog.position.name, or set binlog.cluster.enabled=true so that the instances sharing the "
				+ "record elect one to stream while the others stand by.", ex));
	}

	/**
	 * Save the committed position now if it moved forward since the last save.
	 */
	void save() {
		save(false);
	}

	/**
	 * Save the committed position on stop: also when it did not move, so that a record deleted while running is
	 * written again; waits at most the given time for the store.
	 * @param within how long to wait
	 */
	void saveOnStop(Duration within) {
		// a store that does not answer (a database gone before the application) must not hold the stop longer than
		// binlog.shutdown-timeout: what came after the last saved position is then delivered again after a restart
		Thread saving = new Thread(() -> save(true), "binlog-position-save-on-stop");
		saving.setDaemon(true);
		saving.start();
		try {
			saving.join(Math.max(1000, within.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (saving.isAlive()) {
			logger.warn("The position store did not answer within " + within + " (binlog.shutdown-timeout) while "
					+ "saving on stop; the saved position stays " + this.savedPosition);
		}
		this.closed = true;
	}

	private void save(boolean always) {
		synchronized (this.saveMonitor) {
			BinlogPosition position = this.status.committedPosition();
			TransactionalDelivery transactional = this.delivery;
			if (transactional != null && transactional.isOpen()) {
				// the open group writes its position when it commits; this one could block on its row lock
				return;
			}
			boolean moved = this.unsaved.getAndSet(false);
			String progress = this.snapshotProgress;
			// progress moves while the position stands still, on a quiet stream
			boolean progressed = !java.util.Objects.equals(progress, this.savedSnapshotProgress);
			if (this.closed || position == null || (!moved && !always && !progressed)) {
				return;
			}
			BinlogPosition saved = this.savedPosition;
			if (saved != null && PositionOrder.isAfter(saved, position)) {
				return;
			}
			if (saved != null && !always && !progressed && !PositionOrder.isAfter(position, saved)) {
				return;
			}
			long started = System.nanoTime();
			try {
				this.store.save(this.name, position, this.serverId, progress);
				this.savedPosition = position;
				this.savedSnapshotProgress = progress;
				this.status.observer().positionSaved(Duration.ofNanos(System.nanoTime() - started), true);
			}
			catch (OptimisticLockingFailureException ex) {
				conflict(ex);
			}
			catch (RuntimeException ex) {
				// the store is down: keep streaming, the saved position stays behind and is saved later
				this.status.observer().positionSaved(Duration.ofNanos(System.nanoTime() - started), false);
				this.unsaved.set(true);
				logger.warn("Cannot save binlog position " + position + ": " + ex.getMessage());
			}
		}
	}

}
