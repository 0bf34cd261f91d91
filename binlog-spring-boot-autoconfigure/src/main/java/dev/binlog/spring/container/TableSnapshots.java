package dev.binlog.spring.container;

import java.util.Map;
import java.util.function.Consumer;

import dev.binlog.spring.BinlogEvent;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.decoding.BinlogDecoder;
import dev.binlog.spring.snapshot.SnapshotChecks;
import dev.binlog.spring.snapshot.SnapshotCoordinator;
import dev.binlog.spring.snapshot.SnapshotMode;
import dev.binlog.spring.snapshot.SnapshotPlan;
import dev.binlog.spring.snapshot.SnapshotProgress;
import dev.binlog.spring.snapshot.SnapshotSettings;
import dev.binlog.spring.snapshot.SnapshotStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The table snapshots of one {@link BinlogListenerContainer}: their settings, the snapshots that run by themselves
 * ({@link SnapshotMode}), snapshots asked for at run time, and those a restart continues from the progress saved
 * with the position. The chunks are published by the {@link ChangePublisher} in the stream's order (see
 * {@link SnapshotCoordinator}).
 * <p>
 * A coordinator, its thread and its lock exist only while a snapshot runs or waits: without one the stream's only
 * cost is one volatile read per event.
 */
public final class TableSnapshots {

	private static final Log logger = LogFactory.getLog(TableSnapshots.class);

	private final Object container;

	private final BinlogServer server;

	private final BinlogDecoder decoder;

	private final Consumer<BinlogStreamException> failure;

	private final ChangePublisher publisher;

	private final ContainerStatusHolder status;

	private final PositionSaver saver;

	private final SnapshotProgress progress = new SnapshotProgress();

	private volatile SnapshotSettings settings = SnapshotSettings.DEFAULTS;

	// under this object's monitor for writes
	private volatile @Nullable SnapshotCoordinator coordinator;

	private volatile boolean resumable;

	TableSnapshots(Object container, BinlogServer server, BinlogDecoder decoder, ChangePublisher publisher,
			ContainerStatusHolder status, PositionSaver saver, Consumer<BinlogStreamException> failure) {
		this.container = container;
		this.server = server;
		this.decoder = decoder;
		this.failure = failure;
		this.publisher = publisher;
		this.status = status;
		this.saver = saver;
	}

	/**
	 * Set the snapshot settings; they apply from the next start of the container.
	 * @param settings the settings
	 */
	public void setSettings(SnapshotSettings settings) {
		this.settings = settings;
	}

	/**
	 * Return the snapshot settings.
	 * @return the settings
	 */
	public SnapshotSettings getSettings() {
		return this.settings;
	}

	/**
	 * Snapshot one table while the stream runs, after the snapshots asked for before: a
	 * {@link dev.binlog.spring.TableSnapshotStartedEvent}, the table's rows in
	 * {@link dev.binlog.spring.TableSnapshotEvent}s, then a {@link dev.binlog.spring.TableSnapshotCompletedEvent}.
	 * Its progress is saved with the position after every chunk, so that a restart continues it.
	 * @param schema the schema
	 * @param table the table
	 * @param condition a SQL {@code WHERE} condition that limits the rows (a backfill of a range), or {@code null}
	 * for every row; it is trusted SQL, never user input
	 * @throws IllegalStateException if the container is not running, or if the position table lacks the column the
	 * progress is kept in (the message names the {@code ALTER TABLE} to run)
	 */
	public synchronized void snapshot(String schema, String table, @Nullable String condition) {
		if (!this.status.isRunning()) {
			throw new IllegalStateException("The binlog container is not running");
		}
		check(schema, table);
		request(schema, table, condition);
	}

	/**
	 * Check that a table can be snapshotted now, without asking for it.
	 * @param schema the schema
	 * @param table the table
	 * @throws BinlogStreamException if it does not exist, has no key to read it in chunks by, or the server does not
	 * write full row images; the message names what to change
	 */
	public void check(String schema, String table) {
		SnapshotChecks.checkTable(this.server.jdbc(), schema, table);
		checkServer();
	}

	// what any snapshot needs of the set-up and the server, whichever tables it reads
	private void checkServer() {
		checkDelivery();
		SnapshotChecks.checkRowImage(this.server.jdbc());
	}

	// chunks are published from the snapshot's thread, and transactional delivery's transaction belongs to the
	// binlog thread: the two would write outside each other's transactions, so the combination is refused
	private void checkDelivery() {
		if (this.publisher.delivery() != null) {
			throw new BinlogStreamException("Snapshots are not available with binlog.delivery.mode=transactional: "
					+ "snapshot rows are published from a thread of their own, outside the delivery's transaction, "
					+ "so their effects would not be exactly once.", "Use binlog.delivery.mode=at-least-once while "
							+ "snapshotting, or leave binlog.snapshot.mode at never and ask for no snapshot.");
		}
	}

	/**
	 * Return how many tables wait for their snapshot or are being read.
	 * @return the number of tables
	 */
	public int remainingTables() {
		SnapshotCoordinator snapshots = this.coordinator;
		return (snapshots != null) ? snapshots.remainingTables() : 0;
	}

	/**
	 * Return whether a snapshot runs or waits, with its coordinator and thread.
	 * @return whether one does
	 */
	public boolean isActive() {
		return this.coordinator != null;
	}

	/**
	 * Return the progress of the snapshots since the container was created.
	 * @return the progress
	 */
	public SnapshotProgress progress() {
		return this.progress;
	}

	// before the first start saves its position, checked: the snapshots of the saved progress, or on a first start
	// in mode initial or when-needed, every captured table. Started (start(plan)) before the stream's thread starts,
	// so that its handler takes the coordinator's lock from the first event; chunks wait for the stream to stream.
	synchronized SnapshotPlan plan(boolean firstStart) {
		stop();
		String checkpoint = this.saver.snapshotProgress();
		SnapshotPlan plan = new SnapshotPlan();
		if (checkpoint != null) {
			plan = resume(checkpoint);
			logger.info("Continuing " + plan.remaining() + " table snapshot(s) from the progress saved with the "
					+ "position, each after the last completed chunk");
		}
		else if (firstStart && this.settings.mode() != SnapshotMode.NEVER) {
			requestCapturedTables(plan::add);
		}
		if (!plan.isEmpty()) {
			// every check before the first start saves its position: a refused start leaves no record behind, so
			// the next first start plans the snapshot again
			checkServer();
			try {
				this.saver.keepsSnapshotProgress();
			}
			catch (IllegalStateException ex) {
				throw new BinlogStreamException(ex.getMessage(), "Run the ALTER TABLE it names, or set "
						+ "binlog.snapshot.mode=never.", ex);
			}
		}
		return plan;
	}

	// the plan's progress was saved with the start position (a first start) or was read with the saved one
	synchronized void start(SnapshotPlan plan) {
		if (!plan.isEmpty()) {
			launch(plan);
		}
	}

	private SnapshotPlan resume(String checkpoint) {
		try {
			return SnapshotPlan.resume(checkpoint);
		}
		catch (RuntimeException ex) {
			throw new BinlogStreamException("The snapshot progress saved with binlog position '"
					+ this.saver.storeTable().map((table) -> table + " ").orElse("") + "cannot be read: "
					+ ex.getMessage(), "Set column snapshot_progress of the position record to NULL to drop the "
							+ "snapshots in progress, then ask for them again.", ex);
		}
	}

	// whether a purged saved position is answered with a snapshot rather than a failure or a jump
	boolean replacePurgedPosition() {
		return this.settings.mode() == SnapshotMode.WHEN_NEEDED;
	}

	// the stream continues from the latest position after its saved one was purged: every captured table, read after
	// that position was resolved, so that no chunk's watermark lies before where the stream starts again
	synchronized void positionPurged() {
		checkServer();
		requestCapturedTables((schema, table, condition) -> {
			request(schema, table, condition);
			return true;
		});
	}

	private void request(String schema, String table, @Nullable String condition) {
		SnapshotCoordinator snapshots = this.coordinator;
		if (snapshots == null || !snapshots.request(schema, table, condition)) {
			// none runs, or the one that ran is ending: a new one
			SnapshotPlan plan = new SnapshotPlan();
			plan.add(schema, table, condition);
			launch(plan);
		}
	}

	private void launch(SnapshotPlan plan) {
		// checked by every caller before: the checks read the server, and launch runs once per request
		this.resumable = this.saver.keepsSnapshotProgress();
		SnapshotCoordinator snapshots = new SnapshotCoordinator(this.server.jdbc(), this.settings,
				this.decoder.options(), this.container, new Stream(), this.progress, plan);
		this.coordinator = snapshots;
		this.publisher.snapshots(snapshots);
		// a crash before the first chunk completes continues with these tables too
		this.saver.snapshotProgressed(plan.checkpoint());
		snapshots.start("binlog-snapshot-" + this.server.describe());
	}

	private void requestCapturedTables(Request request) {
		for (Map<String, Object> table : this.server.jdbc()
			.queryForList("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = "
					+ "'BASE TABLE' AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', "
					+ "'sys') ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
			String schema = (String) table.get("TABLE_SCHEMA");
			String name = (String) table.get("TABLE_NAME");
			if (this.decoder.captures(schema, name)) {
				// a table that cannot be read in chunks is refused before any snapshot begins
				SnapshotChecks.checkTable(this.server.jdbc(), schema, name);
				request.add(schema, name, null);
			}
		}
	}

	synchronized void stop() {
		SnapshotCoordinator snapshots = this.coordinator;
		if (snapshots != null) {
			snapshots.stop();
			forget(snapshots);
		}
	}

	private synchronized void forget(SnapshotCoordinator snapshots) {
		if (this.coordinator == snapshots) {
			this.coordinator = null;
			this.publisher.snapshots(null);
		}
	}

	private interface Request {

		boolean add(String schema, String table, @Nullable String condition);

	}

	private final class Stream implements SnapshotStream {

		@Override
		public @Nullable BinlogPosition boundary() {
			if (!TableSnapshots.this.status.isRunning()) {
				return null;
			}
			PositionTracker tracker = TableSnapshots.this.status.tracker();
			return tracker.inTransaction() ? null : tracker.committed();
		}

		@Override
		public boolean stopped() {
			ContainerState state = TableSnapshots.this.status.state();
			return state == ContainerState.STOPPED || state == ContainerState.FAILED;
		}

		@Override
		public void publish(BinlogEvent event) {
			TableSnapshots.this.publisher.publishSnapshot(event);
		}

		@Override
		public void fail(Throwable ex) {
			BinlogStreamException failure = (ex instanceof BinlogStreamException stop) ? stop
					: new BinlogStreamException("A table snapshot failed: " + ex,
							"See the cause; fix the listener or the table, then restart: the snapshot continues from "
									+ "its last completed chunk.",
							ex);
			TableSnapshots.this.failure.accept(failure);
		}

		@Override
		public void progressed(@Nullable String checkpoint) {
			TableSnapshots.this.saver.snapshotProgressed(checkpoint);
		}

		@Override
		public void retired(SnapshotCoordinator coordinator) {
			forget(coordinator);
		}

		@Override
		public boolean resumable() {
			return TableSnapshots.this.resumable;
		}

	}

}
