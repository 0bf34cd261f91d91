package dev.binlog.spring.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogClientFactory;
import dev.binlog.spring.connection.BinlogLogin;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.decoding.BinlogDecoder;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.position.BinlogPositionStore;
import dev.binlog.spring.snapshot.SnapshotPlan;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Streams the binlog of one server into application events: a {@link SmartLifecycle} that starts after the
 * application context is refreshed (failing the startup with a clear message when the server is unusable) and stops
 * on shutdown, saving its position. It can be paused, resumed and moved to another position while it runs.
 * <p>
 * The work is done by its parts: a {@link StreamSession} connects (through the {@link BinlogClientFactory}) and
 * reconnects on its own thread; the {@link BinlogEventHandler} follows transaction boundaries in the
 * {@link PositionTracker}; the {@link BinlogDecoder} names and types the rows, the {@link ChangePublisher} publishes
 * them through the {@link BinlogEventDispatcher}; the {@link ListenerFailureHandler} applies the listener failure
 * policy and the {@link PositionSaver} saves the committed position in the {@link BinlogPositionStore}.
 * <p>
 * Delivery is at least once and in order. The committed position only moves to the end of a transaction after
 * every listener of that transaction returned, and every reconnect or restart resumes from it, so the transaction
 * that was being read when a connection dropped (or the process died) is delivered again from its start. An event
 * that cannot be decoded or a server error that retrying cannot fix stops the container with state
 * {@link ContainerState#FAILED}. The position never moves past what was delivered.
 */
public class BinlogListenerContainer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(BinlogListenerContainer.class);

	private final BinlogLogin connection;

	private final BinlogServer server;

	private final ContainerSettings settings;

	private final BinlogDecoder decoder;

	private final BinlogClientFactory clients;

	private final BinlogEventDispatcher dispatcher;

	private final @Nullable BooleanSupplier rowListenerDetector;

	private final ContainerStatusHolder status = new ContainerStatusHolder();

	private final ChangePublisher publisher;

	private final PositionSaver saver;

	private final ListenerFailureHandler failures;

	private final TableSnapshots snapshots;

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable StreamSession session;

	private volatile @Nullable Thread thread;

	private volatile boolean mariaDb;

	/**
	 * Create a container.
	 * @param connection where the server is
	 * @param server the JDBC side of the same server
	 * @param dispatcher publishes the events
	 * @param store keeps the committed position between runs
	 * @param settings the container settings
	 * @param customizers client customizers, applied in order before each connection
	 * @param rowListenerDetector decides at start whether row-level events have listeners, or {@code null} to
	 * keep the dispatcher's setting
	 */
	public BinlogListenerContainer(BinlogLogin connection, BinlogServer server,
			BinlogEventDispatcher dispatcher, BinlogPositionStore store, ContainerSettings settings,
			List<BinaryLogClientCustomizer> customizers, @Nullable BooleanSupplier rowListenerDetector) {
		this.connection = connection;
		this.server = server;
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.rowListenerDetector = rowListenerDetector;
		this.saver = new PositionSaver(store, settings.positionName(), settings.saveInterval(), this.status,
				this::failRunning);
		List<String> exclude = new ArrayList<>(settings.exclude());
		OwnTable ownTable = this.saver.ownTable();
		if (ownTable != null) {
			// the position table may live in the watched server: its writes are never published
			exclude.add(ownTable.pattern());
		}
		this.decoder = new BinlogDecoder(server.jdbc(), settings.include(), exclude, settings.decoding());
		this.clients = new BinlogClientFactory(connection, settings.serverId(), settings.connectTimeout(),
				settings.heartbeatInterval(), settings.keepAliveInterval(), settings.useGtid(), customizers);
		this.publisher = new ChangePublisher(this, dispatcher, this.status);
		this.failures = new ListenerFailureHandler(settings.listenerFailure(), this.status);
		this.snapshots = new TableSnapshots(this, server, this.decoder, this.publisher, this.status, this.saver,
				this::failRunning);
	}

	/**
	 * Deliver transactionally: listeners and position writes share database transactions. Call before the start.
	 * @param delivery the delivery
	 */
	public void setTransactionalDelivery(TransactionalDelivery delivery) {
		delivery.attach(this.saver, this.status, this.publisher, this.clients, this.settings.listenerFailure());
	}

	@Override
	public boolean isAutoStartup() {
		return this.settings.autoStartup();
	}

	@Override
	public int getPhase() {
		// start late and stop early: listeners and the beans they use are up for as long as events arrive
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	@Override
	public boolean isRunning() {
		return this.status.isRunning();
	}

	/**
	 * Check the server, open the binlog connection from the saved position (or the configured start position on
	 * a first run) and wait until events flow.
	 * @throws BinlogStreamException if the server is unusable, naming what to change
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (!this.status.starting()) {
				return;
			}
			try {
				BinlogServer.ServerInfo info = this.server.inspect();
				if (info.serverId() == this.settings.serverId()) {
					throw new BinlogStreamException("binlog.server-id is " + this.settings.serverId() + ", the "
							+ "server_id of the server at " + this.server.describe() + " itself; the server would "
							+ "take this client for itself and end the stream.",
							"Set binlog.server-id to an id no server or replica of the topology uses.");
				}
				this.mariaDb = info.mariaDb();
				if (this.rowListenerDetector != null) {
					this.dispatcher.setRowEvents(this.rowListenerDetector.getAsBoolean());
				}
				this.decoder.reset();
				IncludeCheck.warnAboutIncludesWithoutTables(this.server, this.connection.getUsername(),
						this.settings.include());
				BinlogPosition saved = this.saver.load(info.serverId());
				BinlogPosition start = StartPositions.checked((saved != null) ? saved
						: StartPositions.resolve(this.settings.startPosition(), this.server, this.clients,
								info.mariaDb()), this.server, this.clients, (saved != null) ? "the saved position '"
										+ this.settings.positionName() + "'" + this.saver.storeTable()
											.map((table) -> " in table " + table).orElse("") : "binlog.start-position");
				SnapshotPlan snapshots = this.snapshots.plan(saved == null);
				this.status.track(new PositionTracker(start, info.mariaDb()));
				if (saved == null) {
					// a position (and the planned snapshots) from the first second: a restart never falls back
					this.saver.saveStart(start, snapshots.checkpoint());
				}
				logger.info("Streaming binlog of " + this.server.describe() + " (" + info.version() + ", row metadata "
						+ info.rowMetadata() + ") from " + ((saved != null) ? "saved position " : "") + start
						+ " as server id " + this.settings.serverId());
				this.snapshots.start(snapshots);
			}
			catch (RuntimeException ex) {
				this.status.fail(ex);
				throw ex;
			}
			StreamSession stream = new StreamSession(this.settings, this.server, this.mariaDb, this.clients,
					this.decoder, this.publisher, this.saver, this.failures, this.status, this.snapshots);
			this.session = stream;
			this.saver.startSchedule();
			// not a daemon: an application whose only work is the stream keeps running until it is shut down
			Thread worker = new Thread(() -> {
				stream.run();
				exitIfTheStreamWasTheOnlyWork();
			}, "binlog-" + this.server.describe());
			this.thread = worker;
			worker.start();
			awaitStreaming(stream);
		}
	}

	private void awaitStreaming(StreamSession stream) {
		Duration timeout = this.settings.connectTimeout().plusSeconds(5);
		try {
			if (!stream.awaitStreaming(timeout)) {
				stop();
				throw new BinlogStreamException("The binlog stream from " + this.server.describe()
						+ " did not start within " + timeout.toMillis() + " ms.",
						"Check that the server is reachable from this host, or raise binlog.connect-timeout.");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting the binlog stream", ex);
		}
		Throwable error = this.status.failure();
		if (this.status.state() == ContainerState.FAILED && error != null) {
			this.saver.stopSchedule();
			throw (error instanceof BinlogStreamException stopped) ? stopped
					: new BinlogStreamException("The binlog stream failed at startup: " + error.getMessage(),
							"See the cause; fix the server or the listener, then restart.", error);
		}
	}

	/**
	 * Stop streaming and save the committed position. Waits at most {@code binlog.shutdown-timeout} for a listener
	 * that is still busy; its transaction is delivered again after a restart.
	 */
	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			Thread worker = this.thread;
			StreamSession stream = this.session;
			if (worker == null || stream == null) {
				return;
			}
			long started = System.nanoTime();
			this.status.moveTo(ContainerState.STOPPED); // a failed container stays failed
			stream.stop();
			if (worker != Thread.currentThread() && !exiting(worker)) {
				try {
					worker.join(Math.max(1, this.settings.shutdownTimeout().toMillis()));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.thread = null;
			this.saver.stopSchedule();
			if (worker.isAlive()) {
				logger.warn("A binlog listener was still busy " + this.settings.shutdownTimeout()
						+ " after the stop began (binlog.shutdown-timeout); saving the position before its transaction: "
						+ "the transaction is delivered again after a restart");
			}
			this.saver.saveOnStop(this.settings.shutdownTimeout().minusNanos(System.nanoTime() - started));
			logger.info("Stopped binlog stream of " + this.server.describe() + " at " + committedPosition());
		}
	}

	// a listener that called System.exit waits in it for the shutdown hooks, this stop among them, for ever
	private static boolean exiting(Thread worker) {
		for (StackTraceElement frame : worker.getStackTrace()) {
			if ("java.lang.Shutdown".equals(frame.getClassName())) {
				return true;
			}
		}
		return false;
	}

	// an application whose only work is the stream would otherwise exit with status 0 after a failure, and a
	// supervisor that restarts failed processes would do nothing
	private void exitIfTheStreamWasTheOnlyWork() {
		if (this.status.state() != ContainerState.FAILED) {
			return;
		}
		Thread current = Thread.currentThread();
		boolean otherWork = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.anyMatch((other) -> other != current && other.isAlive() && !other.isDaemon()
					&& !"DestroyJavaVM".equals(other.getName()));
		if (!otherWork) {
			logger.error("The binlog stream was this application's only work and it failed; exiting with status 1");
			Thread exit = new Thread(() -> System.exit(1), "binlog-exit");
			exit.start();
		}
	}

	/**
	 * Return the table snapshots: set up before the start, asked for while running.
	 * @return the snapshots
	 */
	public TableSnapshots snapshots() {
		return this.snapshots;
	}

	// a failure found outside the binlog thread, such as a conflict on the position record
	private void failRunning(BinlogStreamException ex) {
		StreamSession stream = this.session;
		if (stream != null) {
			stream.fail(ex);
		}
		else {
			this.status.fail(ex);
		}
	}

	/**
	 * Save the committed position now if it moved forward since the last save. The container saves after
	 * commits (every commit, or at most once per {@code binlog.position.save-interval}) and on stop.
	 */
	public void savePosition() {
		this.saver.save();
	}

	/**
	 * Set the observer told about events, transactions and saves, for metrics.
	 * @param observer the observer
	 */
	public void setObserver(ContainerObserver observer) {
		this.status.observer(observer);
	}

	/**
	 * Stop receiving events without stopping the container: the connection is closed and the committed position
	 * stays where it is until {@link #resume()}.
	 */
	public void pause() {
		synchronized (this.lifecycleMonitor) {
			StreamSession stream = this.session;
			if (isRunning() && stream != null && stream.pause()) {
				logger.info("Paused binlog stream of " + this.server.describe() + " at " + committedPosition());
			}
		}
	}

	/**
	 * Continue after {@link #pause()}, from the committed position.
	 */
	public void resume() {
		synchronized (this.lifecycleMonitor) {
			StreamSession stream = this.session;
			if (stream != null && stream.resume()) {
				logger.info("Resuming binlog stream of " + this.server.describe() + " from " + committedPosition());
			}
		}
	}

	/**
	 * Continue streaming from another position, replacing the committed position (and the saved one with the next
	 * save). Events between the old and the new position are skipped or delivered again.
	 * @param position the position to continue from
	 * @throws BinlogStreamException if the server cannot stream from it (a time outside its binlog, a file it never
	 * had, an offset inside an event), leaving the stream where it was; a purged file is binlog.position.on-missing's
	 */
	public void restartFrom(StartPosition position) {
		synchronized (this.lifecycleMonitor) {
			StreamSession stream = this.session;
			if (!isRunning() || stream == null) {
				throw new IllegalStateException("The binlog container is not running");
			}
			// a position the server cannot stream from is refused here, with the stream still where it was
			StartPositions.checked(StartPositions.resolve(position, this.server, this.clients, this.mariaDb), this.server,
					this.clients, "the requested position");
			logger.warn("Restarting binlog stream of " + this.server.describe() + " from " + position
					+ " on request; it was at " + committedPosition());
			stream.jump(position);
		}
	}

	/**
	 * Return the end of the server's binary log now, through JDBC.
	 * @return the server's current position
	 */
	public BinlogPosition serverPosition() {
		return this.server.currentPosition(this.mariaDb);
	}

	/**
	 * Return a snapshot of the container's state.
	 * @return the status
	 */
	public ContainerStatus getStatus() {
		return new ContainerStatus(this.status.state(), this.status.connected(), this.server.describe(),
				this.status.committedPosition(), this.status.currentPosition(), this.saver.savedPosition(),
				this.status.lastEventTime(), this.status.lag(), this.status.lastError(),
				this.status.reconnects(), this.status.listenerFailures(), this.status.skippedEvents());
	}

	ContainerStatusHolder statusHolder() {
		return this.status;
	}

	/**
	 * Return the last transaction boundary every listener has processed.
	 * @return the committed position, or {@code null} before the first start
	 */
	public @Nullable BinlogPosition committedPosition() {
		return this.status.committedPosition();
	}

}
