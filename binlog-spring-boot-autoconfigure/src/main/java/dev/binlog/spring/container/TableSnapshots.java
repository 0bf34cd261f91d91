package dev.binlog.spring.container;

import java.util.Map;
import java.util.function.Consumer;

import dev.binlog.spring.BinlogEvent;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.decoding.BinlogDecoder;
import dev.binlog.spring.snapshot.SnapshotCoordinator;
import dev.binlog.spring.snapshot.SnapshotMode;
import dev.binlog.spring.snapshot.SnapshotProgress;
import dev.binlog.spring.snapshot.SnapshotSettings;
import org.jspecify.annotations.Nullable;

/**
 * The table snapshots of one {@link BinlogListenerContainer}: their settings, the snapshots that run by themselves
 * ({@link SnapshotMode}), and snapshots asked for at run time. The chunks are published by the
 * {@link ChangePublisher} in the stream's order (see {@link SnapshotCoordinator}).
 */
public final class TableSnapshots {

	private final Object container;

	private final BinlogServer server;

	private final BinlogDecoder decoder;

	private final Consumer<BinlogStreamException> failure;

	private final ChangePublisher publisher;

	private final ContainerStatusHolder status;

	private final SnapshotProgress progress = new SnapshotProgress();

	private volatile SnapshotSettings settings = SnapshotSettings.DEFAULTS;

	private volatile @Nullable SnapshotCoordinator coordinator;

	TableSnapshots(Object container, BinlogServer server, BinlogDecoder decoder, ChangePublisher publisher,
			ContainerStatusHolder status, Consumer<BinlogStreamException> failure) {
		this.container = container;
		this.server = server;
		this.decoder = decoder;
		this.failure = failure;
		this.publisher = publisher;
		this.status = status;
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
	 * @param schema the schema
	 * @param table the table
	 * @param condition a SQL {@code WHERE} condition that limits the rows (a backfill of a range), or {@code null}
	 * for every row; it is trusted SQL, never user input
	 * @throws IllegalStateException if the container is not running
	 */
	public void snapshot(String schema, String table, @Nullable String condition) {
		SnapshotCoordinator snapshots = this.coordinator;
		if (snapshots == null || !this.status.isRunning()) {
			throw new IllegalStateException("The binlog container is not running");
		}
		snapshots.request(schema, table, condition);
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
	 * Return the progress of the snapshots since the container was created.
	 * @return the progress
	 */
	public SnapshotProgress progress() {
		return this.progress;
	}

	// before the stream's thread starts, so that its handler takes the coordinator's lock from the first event;
	// chunks wait for the stream to stream. On a first start in mode initial or when-needed, every captured table.
	void start(boolean firstStart) {
		stop();
		SnapshotCoordinator snapshots = new SnapshotCoordinator(this.server.jdbc(), this.settings,
				this.decoder.options(), this.container, new Stream(), this.progress);
		this.coordinator = snapshots;
		this.publisher.snapshots(snapshots);
		if (firstStart && this.settings.mode() != SnapshotMode.NEVER) {
			requestCapturedTables(snapshots);
		}
		snapshots.start("binlog-snapshot-" + this.server.describe());
	}

	// whether a purged saved position is answered with a snapshot rather than a failure or a jump
	boolean replacePurgedPosition() {
		return this.settings.mode() == SnapshotMode.WHEN_NEEDED;
	}

	// the stream continues from the latest position after its saved one was purged: every captured table, read after
	// that position was resolved, so that no chunk's watermark lies before where the stream starts again
	void positionPurged() {
		SnapshotCoordinator snapshots = this.coordinator;
		if (snapshots != null) {
			requestCapturedTables(snapshots);
		}
	}

	private void requestCapturedTables(SnapshotCoordinator snapshots) {
		for (Map<String, Object> table : this.server.jdbc()
			.queryForList("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = "
					+ "'BASE TABLE' AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', "
					+ "'sys') ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
			String schema = (String) table.get("TABLE_SCHEMA");
			String name = (String) table.get("TABLE_NAME");
			if (this.decoder.captures(schema, name)) {
				snapshots.request(schema, name, null);
			}
		}
	}

	void stop() {
		SnapshotCoordinator snapshots = this.coordinator;
		if (snapshots != null) {
			snapshots.stop();
		}
	}

	private final class Stream implements SnapshotCoordinator.Stream {

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
							"See the cause; fix the listener or the table, then restart and ask for the snapshot again.",
							ex);
			TableSnapshots.this.failure.accept(failure);
		}

	}

}
