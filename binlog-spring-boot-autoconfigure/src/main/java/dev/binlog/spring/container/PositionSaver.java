package dev.binlog.spring.container;

import java.time.Duration;
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

	private volatile long serverId;

	private volatile @Nullable ScheduledExecutorService scheduler;

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
	 * Read the saved position at start.
	 * @param serverId the {@code server_id} of the server streamed from, saved with each position
	 * @return the saved position, or {@code null} on a first run
	 * @throws BinlogStreamException if the store cannot be read
	 */
	@Nullable BinlogPosition load(long serverId) {
		this.serverId = serverId;
		try {
			BinlogPosition saved = this.store.load(this.name).orElse(null);
			this.savedPosition = saved;
			return saved;
		}
		catch (DataAccessException ex) {
			throw new BinlogStreamException("Cannot read the saved binlog position '" + this.name + "': "
					+ ex.getMostSpecificCause().getMessage(),
					"Create the position table (binlog.position.initialize-schema=always runs the shipped script) "
							+ "or check the DataSource it lives in.",
					ex);
		}
	}

	/**
	 * Return the position last saved, or read at start.
	 * @return the saved position, or {@code null}
	 */
	@Nullable BinlogPosition savedPosition() {
		return this.savedPosition;
	}

	/**
	 * Start saving once per interval, unless the interval is zero.
	 */
	void startSchedule() {
		if (!this.interval.isZero() && !this.interval.isNegative()) {
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
			if (this.interval.isZero()) {
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
	 * Save the committed position now if it moved forward since the last save.
	 */
	void save() {
		synchronized (this.saveMonitor) {
			BinlogPosition position = this.status.committedPosition();
			if (position == null || !this.unsaved.getAndSet(false)) {
				return;
			}
			BinlogPosition saved = this.savedPosition;
			if (saved != null && !PositionOrder.isAfter(position, saved)) {
				return;
			}
			long started = System.nanoTime();
			try {
				this.store.save(this.name, position, this.serverId);
				this.savedPosition = position;
				this.status.observer().positionSaved(Duration.ofNanos(System.nanoTime() - started), true);
			}
			catch (OptimisticLockingFailureException ex) {
				this.onConflict.accept(new BinlogStreamException(ex.getMessage(), "Give each container its own "
						+ "binlog.position.name, or run one instance per position record.", ex));
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
