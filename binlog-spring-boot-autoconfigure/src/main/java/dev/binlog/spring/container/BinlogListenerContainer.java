package dev.binlog.spring.container;

import java.io.IOException;
import java.io.Serializable;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import com.github.shyiko.mysql.binlog.network.AuthenticationException;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.binlog.spring.Action;
import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableDeleteEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.TransactionCommitEvent;
import dev.binlog.spring.connection.BinlogConnectionDetails;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.decoding.DecodingOptions;
import dev.binlog.spring.decoding.RowsEventDeserializer;
import dev.binlog.spring.decoding.TableDecoder;
import dev.binlog.spring.decoding.TableFilter;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.metadata.CharsetRegistry;
import dev.binlog.spring.metadata.TableMetadata;
import dev.binlog.spring.metadata.TableMetadataResolver;
import dev.binlog.spring.position.BinlogPositionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Owns the binlog connection: reads events with a {@link BinaryLogClient} on its own thread, names and decodes
 * the rows of captured tables, publishes them through the {@link BinlogEventDispatcher} in binlog order, follows
 * transaction boundaries and saves the committed position in a {@link BinlogPositionStore}. A
 * {@link SmartLifecycle}: it starts after the application context is refreshed (failing the startup with a clear
 * message when the server is unusable) and stops on shutdown, saving its position.
 * <p>
 * Delivery is at least once and in order. The committed position only moves to the end of a transaction after
 * every listener of that transaction returned, and every reconnect or restart resumes from it, so the transaction
 * that was being read when a connection dropped (or the process died) is delivered again from its start. A listener
 * failure is retried, stops the container or is skipped according to {@link Settings#listenerFailure()}; an event
 * that cannot be decoded or a server error that retrying cannot fix stops the container with state
 * {@link ContainerState#FAILED}. The position never moves past what was delivered.
 */
public class BinlogListenerContainer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(BinlogListenerContainer.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private static final Duration SHORT_SESSION = Duration.ofSeconds(5);

	private static final int MAX_SHORT_SESSIONS = 3;

	private final BinlogConnectionDetails connection;

	private final BinlogServer server;

	private final BinlogEventDispatcher dispatcher;

	private final BinlogPositionStore store;

	private final Settings settings;

	private final TableFilter filter;

	private final @Nullable OwnTable ownTable;

	private final List<BinaryLogClientCustomizer> customizers;

	private final @Nullable BooleanSupplier rowListenerDetector;

	private final Object lifecycleMonitor = new Object();

	private final Object flushMonitor = new Object();

	// --- used by the binlog thread only

	private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();

	private final Map<Long, TableDecoder> decoders = new HashMap<>();

	private @Nullable TableMetadataResolver resolver;

	// whether the open transaction published a change: commits of transactions without any are not published
	private boolean changesPublished;

	// whether the open transaction touched the position table, and whether it touched anything else
	private boolean ownTableTouched;

	private boolean otherTableTouched;

	private @Nullable BinlogPosition failedBoundary;

	private int failedAttempts;

	private @Nullable Instant disconnectedSince;

	// MariaDB reports a GTID it cannot serve only after the format description: the GTID list that follows proves
	// the stream really starts
	private boolean awaitingGtidList;

	// --- shared with the lifecycle, flush and status threads

	private volatile @Nullable PositionTracker tracker;

	private volatile @Nullable BinaryLogClient client;

	private volatile @Nullable Thread thread;

	private volatile @Nullable ScheduledExecutorService flusher;

	private volatile ContainerState state = ContainerState.STOPPED;

	private volatile boolean connected;

	private volatile boolean mariaDb;

	private volatile long serverId;

	private volatile @Nullable Instant lastEventTime;

	private volatile @Nullable Throwable failure;

	private volatile boolean redeliverRequested;

	private volatile @Nullable StartPosition jumpRequested;

	private volatile @Nullable BinlogPosition savedPosition;

	private volatile ContainerObserver observer = ContainerObserver.NONE;

	private volatile boolean paused;

	private volatile CountDownLatch resumeSignal = new CountDownLatch(0);

	private volatile @Nullable Duration lag;

	// rows published in the open transaction, for the transaction size metric
	private int transactionRows;

	// when the current connection started streaming, and how many connections in a row the server closed soon after
	private @Nullable Instant streamingSince;

	private int shortSessions;

	private final AtomicBoolean unsavedCommit = new AtomicBoolean();

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicLong skippedEvents = new AtomicLong();

	private final AtomicLong listenerFailures = new AtomicLong();

	private volatile CountDownLatch stopSignal = new CountDownLatch(0);

	private volatile CountDownLatch streamingSignal = new CountDownLatch(0);

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
	public BinlogListenerContainer(BinlogConnectionDetails connection, BinlogServer server,
			BinlogEventDispatcher dispatcher, BinlogPositionStore store, Settings settings,
			List<BinaryLogClientCustomizer> customizers, @Nullable BooleanSupplier rowListenerDetector) {
		this.connection = connection;
		this.server = server;
		this.dispatcher = dispatcher;
		this.store = store;
		this.settings = settings;
		this.ownTable = store.table().map(OwnTable::new).orElse(null);
		List<String> exclude = new ArrayList<>(settings.exclude());
		if (this.ownTable != null) {
			// the position table may live in the watched server: its writes are never published
			exclude.add(this.ownTable.pattern());
		}
		this.filter = new TableFilter(settings.include(), exclude);
		this.customizers = List.copyOf(customizers);
		this.rowListenerDetector = rowListenerDetector;
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
		ContainerState current = this.state;
		return current == ContainerState.STARTING || current == ContainerState.STREAMING
				|| current == ContainerState.RECONNECTING || current == ContainerState.PAUSED;
	}

	/**
	 * Check the server, open the binlog connection from the saved position (or the configured start position on
	 * a first run) and wait until events flow.
	 * @throws BinlogStreamException if the server is unusable, naming what to change
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (isRunning()) {
				return;
			}
			this.state = ContainerState.STARTING;
			this.failure = null;
			try {
				BinlogServer.ServerInfo info = this.server.inspect();
				this.mariaDb = info.mariaDb();
				this.serverId = info.serverId();
				if (this.rowListenerDetector != null) {
					this.dispatcher.setRowEvents(this.rowListenerDetector.getAsBoolean());
				}
				this.resolver = new TableMetadataResolver(this.server.jdbc(), new CharsetRegistry(this.server.jdbc()));
				warnAboutIncludesWithoutTables();
				BinlogPosition saved = loadSavedPosition();
				BinlogPosition start = (saved != null) ? saved : startPosition(this.settings.startPosition());
				this.tracker = new PositionTracker(start, info.mariaDb());
				this.savedPosition = saved;
				logger.info("Streaming binlog of " + this.server.describe() + " (" + info.version() + ", row metadata "
						+ info.rowMetadata() + ") from " + ((saved != null) ? "saved position " : "") + start
						+ " as server id " + this.settings.serverId());
			}
			catch (RuntimeException ex) {
				this.state = ContainerState.FAILED;
				this.failure = ex;
				throw ex;
			}
			this.stopSignal = new CountDownLatch(1);
			this.streamingSignal = new CountDownLatch(1);
			startFlusher();
			// not a daemon: an application whose only work is the stream keeps running until it is shut down
			Thread worker = new Thread(this::run, "binlog-" + this.server.describe());
			this.thread = worker;
			worker.start();
			awaitStreaming();
		}
	}

	private void warnAboutIncludesWithoutTables() {
		if (this.settings.include().isEmpty()) {
			return;
		}
		List<String> visible = this.server.jdbc()
			.queryForList("SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.TABLES "
					+ "WHERE TABLE_TYPE = 'BASE TABLE'", String.class);
		for (String include : this.settings.include()) {
			Pattern pattern = Pattern.compile(include);
			if (visible.stream().noneMatch((table) -> pattern.matcher(table).matches())) {
				logger.warn("binlog.include pattern '" + include + "' matches no table that user '"
						+ this.connection.getUsername() + "' can see on " + this.server.describe()
						+ ": the table does not exist (yet), or the user lacks SELECT on it");
			}
		}
	}

	private @Nullable BinlogPosition loadSavedPosition() {
		try {
			return this.store.load(this.settings.positionName()).orElse(null);
		}
		catch (DataAccessException ex) {
			throw new BinlogStreamException("Cannot read the saved binlog position '" + this.settings.positionName()
					+ "': " + ex.getMostSpecificCause().getMessage(),
					"Create the position table (binlog.position.initialize-schema=always runs the shipped script) "
							+ "or check the DataSource it lives in.",
					ex);
		}
	}

	private BinlogPosition startPosition(StartPosition start) {
		return switch (start.mode()) {
			case LATEST -> this.server.currentPosition(this.mariaDb);
			case EARLIEST -> this.server.earliestPosition();
			case FILE_POSITION -> new BinlogPosition(Objects.requireNonNull(start.file()), start.position(), null);
			// the file is only a placeholder: the GTID set decides where the server starts
			case GTID -> new BinlogPosition("", 4, start.gtidSet());
		};
	}

	private void startFlusher() {
		Duration interval = this.settings.flushInterval();
		if (!interval.isZero() && !interval.isNegative()) {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread flushThread = new Thread(runnable, "binlog-position-flush");
				flushThread.setDaemon(true);
				return flushThread;
			});
			executor.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(),
					TimeUnit.MILLISECONDS);
			this.flusher = executor;
		}
	}

	private void awaitStreaming() {
		long timeout = this.settings.connectTimeout().toMillis() + 5000;
		try {
			if (!this.streamingSignal.await(timeout, TimeUnit.MILLISECONDS)) {
				stop();
				throw new BinlogStreamException(
						"The binlog stream from " + this.server.describe() + " did not start within " + timeout + " ms.",
						"Check that the server is reachable from this host, or raise binlog.connect-timeout.");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting the binlog stream", ex);
		}
		Throwable error = this.failure;
		if (this.state == ContainerState.FAILED && error != null) {
			stopFlusher();
			throw (error instanceof BinlogStreamException startup) ? startup
					: new BinlogStreamException("The binlog stream failed at startup: " + error.getMessage(),
							"See the cause; fix the server or the listener, then restart.", error);
		}
	}

	/**
	 * Stop streaming and save the committed position.
	 */
	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			Thread worker = this.thread;
			if (worker == null) {
				return;
			}
			if (this.state != ContainerState.FAILED) {
				this.state = ContainerState.STOPPED;
			}
			this.stopSignal.countDown();
			this.resumeSignal.countDown();
			disconnect();
			try {
				worker.join(this.settings.connectTimeout().toMillis() + 5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
			stopFlusher();
			flush();
			logger.info("Stopped binlog stream of " + this.server.describe() + " at " + committedPosition());
		}
	}

	private void stopFlusher() {
		ScheduledExecutorService executor = this.flusher;
		if (executor != null) {
			executor.shutdownNow();
			this.flusher = null;
		}
	}

	/**
	 * Save the committed position now if it moved since the last save. Called after commits (every commit, or
	 * at most once per flush interval) and on stop.
	 */
	public void flush() {
		synchronized (this.flushMonitor) {
			PositionTracker positions = this.tracker;
			if (positions == null || !this.unsavedCommit.getAndSet(false)) {
				return;
			}
			BinlogPosition position = positions.committed();
			BinlogPosition saved = this.savedPosition;
			if (saved != null && !PositionOrder.isAfter(position, saved)) {
				return;
			}
			long started = System.nanoTime();
			try {
				this.store.save(this.settings.positionName(), position, this.serverId);
				this.savedPosition = position;
				this.observer.positionFlushed(Duration.ofNanos(System.nanoTime() - started), true);
			}
			catch (OptimisticLockingFailureException ex) {
				fail(new BinlogStreamException(ex.getMessage(), "Give each container its own binlog.position.name, "
						+ "or run one instance per position record.", ex));
			}
			catch (RuntimeException ex) {
				// the store is down: keep streaming, the saved position stays behind and is saved later
				this.observer.positionFlushed(Duration.ofNanos(System.nanoTime() - started), false);
				this.unsavedCommit.set(true);
				logger.warn("Cannot save binlog position " + position + ": " + ex.getMessage());
			}
		}
	}

	/**
	 * Set the observer told about events, transactions and saves, for metrics.
	 * @param observer the observer
	 */
	public void setObserver(ContainerObserver observer) {
		this.observer = observer;
	}

	/**
	 * Stop receiving events without stopping the container: the connection is closed and the committed position
	 * stays where it is until {@link #resume()}.
	 */
	public void pause() {
		synchronized (this.lifecycleMonitor) {
			if (!isRunning() || this.paused) {
				return;
			}
			this.resumeSignal = new CountDownLatch(1);
			this.paused = true;
			disconnect();
			logger.info("Paused binlog stream of " + this.server.describe() + " at " + committedPosition());
		}
	}

	/**
	 * Continue after {@link #pause()}, from the committed position.
	 */
	public void resume() {
		synchronized (this.lifecycleMonitor) {
			if (this.paused) {
				this.paused = false;
				this.resumeSignal.countDown();
				logger.info("Resuming binlog stream of " + this.server.describe() + " from " + committedPosition());
			}
		}
	}

	/**
	 * Continue streaming from another position, replacing the committed position (and the saved one with the next
	 * save). Events between the old and the new position are skipped or delivered again.
	 * @param position the position to continue from
	 */
	public void restartFrom(StartPosition position) {
		synchronized (this.lifecycleMonitor) {
			if (!isRunning() && this.state != ContainerState.PAUSED) {
				throw new IllegalStateException("The binlog container is not running");
			}
			logger.warn("Restarting binlog stream of " + this.server.describe() + " from " + position
					+ " on request; it was at " + committedPosition());
			this.jumpRequested = position;
			disconnect();
			resume();
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
		PositionTracker positions = this.tracker;
		Throwable error = this.failure;
		return new ContainerStatus(this.state, this.connected, this.server.describe(),
				(positions != null) ? positions.committed() : null, (positions != null) ? positions.current() : null,
				this.savedPosition, this.lastEventTime, this.lag, (error != null) ? error.getMessage() : null,
				this.reconnects.get(), this.listenerFailures.get(), this.skippedEvents.get());
	}

	/**
	 * Return the last transaction boundary every listener has processed.
	 * @return the committed position, or {@code null} before the first start
	 */
	public @Nullable BinlogPosition committedPosition() {
		PositionTracker positions = this.tracker;
		return (positions != null) ? positions.committed() : null;
	}

	// --- the binlog thread

	private void run() {
		Duration backoff = Duration.ofSeconds(1);
		while (this.stopSignal.getCount() > 0 && this.failure == null) {
			StartPosition jump = this.jumpRequested;
			if (jump != null) {
				this.jumpRequested = null;
				this.tracker = new PositionTracker(startPosition(jump), this.mariaDb);
				this.unsavedCommit.set(true);
			}
			BinaryLogClient binlog = createClient(Objects.requireNonNull(this.tracker).committed());
			this.client = binlog;
			this.tableMaps.clear();
			this.decoders.clear();
			this.changesPublished = false;
			this.transactionRows = 0;
			this.ownTableTouched = false;
			this.otherTableTouched = false;
			this.redeliverRequested = false;
			this.streamingSince = null;
			try {
				binlog.connect();
			}
			catch (AuthenticationException ex) {
				fail(new BinlogStreamException("The server at " + this.server.describe()
						+ " refused the binlog login of user '" + this.connection.getUsername() + "': " + ex.getMessage(),
						"Check binlog.username and binlog.password, and grant the user REPLICATION SLAVE.", ex));
			}
			catch (IOException | RuntimeException ex) {
				if (this.streamingSignal.getCount() > 0) {
					fail(this.server.translate(ex));
				}
				else if (this.stopSignal.getCount() > 0) {
					logger.warn("Binlog connection to " + this.server.describe() + " failed: " + ex.getMessage());
				}
			}
			this.connected = false;
			if (this.failure != null || this.stopSignal.getCount() == 0) {
				break;
			}
			if (this.paused) {
				this.state = ContainerState.PAUSED;
				if (!awaitResume()) {
					break;
				}
				continue;
			}
			if (closedRightAfterOpening()) {
				fail(new BinlogStreamException("The server at " + this.server.describe() + " closed the binlog "
						+ "connection " + this.shortSessions + " times in a row within seconds of opening it. Another "
						+ "replica or binlog client most likely uses the same server id " + this.settings.serverId()
						+ ": of two connections with one id, the server drops the older one.",
						"Give every application instance and replica its own binlog.server-id."));
				break;
			}
			Duration wait;
			if (this.redeliverRequested) {
				wait = this.settings.listenerFailure().backoff().multipliedBy(1L << Math.min(this.failedAttempts - 1, 10));
			}
			else if (this.jumpRequested != null) {
				wait = Duration.ZERO;
			}
			else {
				Instant since = (this.disconnectedSince != null) ? this.disconnectedSince : Instant.now();
				this.disconnectedSince = since;
				Duration giveUp = this.settings.reconnectGiveUpAfter();
				if (!giveUp.isZero() && Duration.between(since, Instant.now()).compareTo(giveUp) > 0) {
					fail(new BinlogStreamException("Lost the binlog connection to " + this.server.describe()
							+ " and could not re-establish it within " + giveUp + ".",
							"Check the server and the network; raise binlog.reconnect.give-up-after to keep trying "
									+ "longer (0 retries forever)."));
					break;
				}
				wait = backoff;
				backoff = (backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0) ? MAX_BACKOFF : backoff.multipliedBy(2);
				this.state = ContainerState.RECONNECTING;
				logger.warn("Binlog connection to " + this.server.describe() + " lost; reconnecting in "
						+ wait.toMillis() + " ms from " + Objects.requireNonNull(this.tracker).committed());
			}
			try {
				if (this.stopSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
					break;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			this.reconnects.incrementAndGet();
		}
		this.connected = false;
		this.streamingSignal.countDown();
	}

	private boolean awaitResume() {
		try {
			this.resumeSignal.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		return this.stopSignal.getCount() > 0;
	}

	// a connection that streamed and was closed by the server within seconds, several times in a row
	private boolean closedRightAfterOpening() {
		Instant since = this.streamingSince;
		boolean ours = this.redeliverRequested || this.jumpRequested != null || this.paused;
		if (since == null || ours) {
			return false;
		}
		if (Duration.between(since, Instant.now()).compareTo(SHORT_SESSION) < 0) {
			this.shortSessions++;
		}
		else {
			this.shortSessions = 0;
		}
		return this.shortSessions >= MAX_SHORT_SESSIONS;
	}

	private BinaryLogClient createClient(BinlogPosition from) {
		BinaryLogClient binlog = new BinaryLogClient(this.connection.getHost(), this.connection.getPort(),
				this.connection.getUsername(), Objects.requireNonNullElse(this.connection.getPassword(), ""));
		binlog.setServerId(this.settings.serverId());
		// reconnects are ours, from transaction boundaries; the client's keep-alive would resume mid-transaction
		binlog.setKeepAlive(false);
		binlog.setConnectTimeout(this.settings.connectTimeout().toMillis());
		binlog.setHeartbeatInterval(this.settings.heartbeatInterval().toMillis());
		int readTimeout = (int) this.settings.keepAliveInterval().toMillis();
		binlog.setSocketFactory(() -> {
			Socket socket = new Socket();
			// no packet (not even a heartbeat) for this long means the connection is dead
			socket.setSoTimeout(readTimeout);
			socket.setKeepAlive(true);
			return socket;
		});
		this.awaitingGtidList = false;
		if (from.gtidSet() != null && (this.settings.useGtid() || from.file().isEmpty())) {
			// a GTID set names the same place on every server of the topology, so a failover is followed
			binlog.setGtidSet(from.gtidSet());
			this.awaitingGtidList = this.mariaDb;
		}
		else {
			binlog.setBinlogFilename(from.file());
			binlog.setBinlogPosition(from.position());
		}
		EventDeserializer deserializer = new EventDeserializer();
		deserializer.setCompatibilityMode(CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
		RowsEventDeserializer.install(deserializer, this.tableMaps, this.filter);
		binlog.setEventDeserializer(deserializer);
		binlog.registerEventListener(this::onEvent);
		binlog.registerLifecycleListener(new LifecycleListener());
		for (BinaryLogClientCustomizer customizer : this.customizers) {
			customizer.customize(binlog);
		}
		return binlog;
	}

	private void disconnect() {
		BinaryLogClient binlog = this.client;
		if (binlog != null) {
			try {
				binlog.disconnect();
			}
			catch (IOException ex) {
				logger.debug("Failed to close the binlog connection", ex);
			}
		}
	}

	private void fail(Throwable ex) {
		if (this.failure == null) {
			this.failure = ex;
			this.state = ContainerState.FAILED;
			logger.error("Binlog stream of " + this.server.describe() + " stopped at " + committedPosition() + ": "
					+ ex.getMessage(), (ex instanceof BinlogStreamException) ? null : ex);
		}
		this.stopSignal.countDown();
		this.streamingSignal.countDown();
		disconnect();
	}

	private void onEvent(Event event) {
		if (this.failure != null || this.stopSignal.getCount() == 0 || this.redeliverRequested
				|| this.jumpRequested != null || this.paused) {
			return;
		}
		try {
			handle(event);
		}
		catch (ListenerFailure ex) {
			listenerFailed(ex);
		}
		catch (Throwable ex) {
			fail(ex);
		}
	}

	private void listenerFailed(ListenerFailure ex) {
		this.listenerFailures.incrementAndGet();
		ListenerFailurePolicy policy = this.settings.listenerFailure();
		BinlogPosition boundary = Objects.requireNonNull(this.tracker).committed();
		switch (policy.action()) {
			case STOP -> fail(ex.getCause());
			case SKIP -> {
				this.skippedEvents.incrementAndGet();
				logger.warn("Skipped " + ex.event + " after its listener failed (binlog.listener-failure.action=skip): "
						+ ex.getCause().getMessage(), ex.getCause());
			}
			case RETRY -> {
				this.failedAttempts = boundary.equals(this.failedBoundary) ? this.failedAttempts + 1 : 1;
				this.failedBoundary = boundary;
				if (this.failedAttempts >= policy.maxAttempts()) {
					fail(new ListenerFailedException("A listener failed " + this.failedAttempts + " times on " + ex.event
							+ "; the stream stopped at " + boundary + ": " + ex.getCause().getMessage(), ex.getCause()));
				}
				else {
					logger.warn("A listener failed on " + ex.event + " (attempt " + this.failedAttempts + " of "
							+ policy.maxAttempts() + "); delivering the transaction again from " + boundary + ": "
							+ ex.getCause().getMessage());
					this.redeliverRequested = true;
					disconnect();
				}
			}
		}
	}

	private void handle(Event event) {
		EventHeaderV4 header = event.getHeader();
		EventType type = header.getEventType();
		EventData data = event.getData();
		PositionTracker positions = Objects.requireNonNull(this.tracker);
		Instant now = Instant.now();
		this.lastEventTime = now;
		this.observer.eventRead(header.getEventLength());
		if (header.getTimestamp() > 0 && type != EventType.HEARTBEAT) {
			this.lag = Duration.between(Instant.ofEpochMilli(header.getTimestamp()), now);
		}
		if (type == EventType.ROTATE) {
			RotateEventData rotate = (RotateEventData) data;
			if (header.getTimestamp() != 0) {
				// a real rotation: table ids may be reused in the next file
				this.tableMaps.clear();
				this.decoders.clear();
			}
			positions.rotate(rotate.getBinlogFilename(), rotate.getBinlogPosition(),
					header.getTimestamp() != 0 || !this.awaitingGtidList);
			return;
		}
		positions.advance(header.getNextPosition());
		switch (type) {
			case FORMAT_DESCRIPTION -> {
				if (!this.awaitingGtidList) {
					streaming();
				}
			}
			case MARIADB_GTID_LIST -> {
				// also written at the start of every binlog file: only the first one after connecting counts
				if (this.awaitingGtidList) {
					this.awaitingGtidList = false;
					streaming();
				}
			}
			case TABLE_MAP -> tableMap((TableMapEventData) data);
			case WRITE_ROWS, EXT_WRITE_ROWS, UPDATE_ROWS, EXT_UPDATE_ROWS, DELETE_ROWS, EXT_DELETE_ROWS ->
				rows(header, data, positions);
			case QUERY -> query(header, (QueryEventData) data, positions);
			case XID, XA_PREPARE -> commit(header, positions);
			case MARIADB_GTID -> {
				MariadbGtidEventData gtid = (MariadbGtidEventData) data;
				// the event body has no server id: it is the server id of the event header
				positions.gtid(gtid.getDomainId() + "-" + header.getServerId() + "-" + gtid.getSequence(),
						(gtid.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0);
			}
			case GTID, GTID_TAGGED -> positions.gtid(((GtidEventData) data).getMySqlGtid().toString(), false);
			case TRANSACTION_PAYLOAD, PARTIAL_UPDATE_ROWS_EVENT, PRE_GA_WRITE_ROWS, PRE_GA_UPDATE_ROWS,
					PRE_GA_DELETE_ROWS, UNKNOWN ->
				UnsupportedEvents.check(type, header.getDataLength(), positions.current());
			default -> {
				// heartbeats, annotations, checkpoints, GTID lists and the like only move the position
			}
		}
	}

	private void streaming() {
		this.connected = true;
		this.streamingSince = Instant.now();
		this.disconnectedSince = null;
		this.state = ContainerState.STREAMING;
		this.streamingSignal.countDown();
	}

	private void tableMap(TableMapEventData tableMap) {
		long tableId = tableMap.getTableId();
		this.tableMaps.put(tableId, tableMap);
		if (this.ownTable != null && this.ownTable.matches(tableMap.getDatabase(), tableMap.getTable())) {
			this.ownTableTouched = true;
		}
		else {
			this.otherTableTouched = true;
		}
		if (!this.filter.accepts(tableMap.getDatabase(), tableMap.getTable())) {
			this.decoders.remove(tableId);
			return;
		}
		TableMetadata metadata = Objects.requireNonNull(this.resolver).resolve(tableMap);
		TableDecoder decoder = this.decoders.get(tableId);
		if (decoder == null || decoder.metadata() != metadata) {
			this.decoders.put(tableId, new TableDecoder(metadata, this.settings.decoding()));
		}
	}

	private void rows(EventHeaderV4 header, EventData data, PositionTracker positions) {
		Instant time = Instant.ofEpochMilli(header.getTimestamp());
		if (data instanceof UpdateRowsEventData update) {
			TableDecoder decoder = this.decoders.get(update.getTableId());
			if (decoder != null) {
				List<RowChange> rows = new ArrayList<>(update.getRows().size());
				for (Map.Entry<Serializable[], Serializable[]> cells : update.getRows()) {
					rows.add(new RowChange(Action.UPDATE,
							decoder.decode(update.getIncludedColumnsBeforeUpdate(), cells.getKey()),
							decoder.decode(update.getIncludedColumns(), cells.getValue())));
				}
				TableMetadata table = decoder.metadata();
				publish(new TableUpdateEvent(this, positions.current(), time, table.schema(), table.table(), rows));
			}
		}
		else if (data instanceof WriteRowsEventData write) {
			TableDecoder decoder = this.decoders.get(write.getTableId());
			if (decoder != null) {
				TableMetadata table = decoder.metadata();
				publish(new TableWriteEvent(this, positions.current(), time, table.schema(), table.table(),
						decode(decoder, write.getIncludedColumns(), write.getRows())));
			}
		}
		else if (data instanceof DeleteRowsEventData delete) {
			TableDecoder decoder = this.decoders.get(delete.getTableId());
			if (decoder != null) {
				TableMetadata table = decoder.metadata();
				publish(new TableDeleteEvent(this, positions.current(), time, table.schema(), table.table(),
						decode(decoder, delete.getIncludedColumns(), delete.getRows())));
			}
		}
		else {
			throw new IllegalStateException("Unexpected rows event data " + data);
		}
	}

	private static List<Row> decode(TableDecoder decoder, BitSet included, List<Serializable[]> cells) {
		List<Row> rows = new ArrayList<>(cells.size());
		for (Serializable[] row : cells) {
			rows.add(decoder.decode(included, row));
		}
		return rows;
	}

	private void query(EventHeaderV4 header, QueryEventData query, PositionTracker positions) {
		String sql = query.getSql().trim();
		if (startsWith(sql, "BEGIN") || startsWith(sql, "XA START")) {
			positions.begin();
		}
		else if (sql.equalsIgnoreCase("COMMIT")) {
			commit(header, positions);
		}
		else if (sql.equalsIgnoreCase("ROLLBACK")) {
			// only non-transactional changes are logged before a ROLLBACK; the boundary is still a safe place
			commit(header, positions);
		}
		else if (startsWith(sql, "SAVEPOINT") || startsWith(sql, "ROLLBACK TO") || startsWith(sql, "XA END")) {
			// inside a transaction
		}
		else {
			// DDL and other statements: layouts may have changed
			Objects.requireNonNull(this.resolver).invalidate();
			this.decoders.clear();
			this.otherTableTouched = true;
			if (!positions.inTransaction()) {
				commit(header, positions);
			}
		}
	}

	private static boolean startsWith(String sql, String prefix) {
		return sql.regionMatches(true, 0, prefix, 0, prefix.length());
	}

	private void commit(EventHeaderV4 header, PositionTracker positions) {
		String gtid = positions.pendingGtid();
		BinlogPosition boundary = positions.boundary();
		if (this.changesPublished) {
			this.changesPublished = false;
			TransactionCommitEvent event = new TransactionCommitEvent(this, boundary,
					Instant.ofEpochMilli(header.getTimestamp()), gtid);
			try {
				this.dispatcher.publish(event);
			}
			catch (RuntimeException ex) {
				throw new ListenerFailure(event.toString(), ex);
			}
		}
		positions.committed(boundary);
		if (this.transactionRows > 0) {
			this.observer.transactionCommitted(this.transactionRows,
					Duration.between(Instant.ofEpochMilli(header.getTimestamp()), Instant.now()));
			this.transactionRows = 0;
		}
		// a transaction that only wrote our own position needs no save: saving it would write again, for ever
		boolean ownOnly = this.ownTableTouched && !this.otherTableTouched;
		this.ownTableTouched = false;
		this.otherTableTouched = false;
		if (!ownOnly) {
			this.unsavedCommit.set(true);
			if (this.settings.flushInterval().isZero()) {
				flush();
			}
		}
	}

	private void publish(TableChangeEvent event) {
		this.changesPublished = true;
		int rows = event.size();
		this.transactionRows += rows;
		long started = System.nanoTime();
		try {
			this.dispatcher.publish(event);
		}
		catch (RuntimeException ex) {
			throw new ListenerFailure(event.toString(), ex);
		}
		this.observer.changesPublished(event.getSchema(), event.getTable(), event.getAction(), rows,
				Duration.ofNanos(System.nanoTime() - started));
	}

	private final class LifecycleListener extends BinaryLogClient.AbstractLifecycleListener {

		@Override
		public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
			if (ex instanceof ServerException serverException) {
				serverError(serverException);
			}
			else if (BinlogListenerContainer.this.stopSignal.getCount() > 0
					&& !BinlogListenerContainer.this.redeliverRequested) {
				logger.warn("Binlog connection to " + BinlogListenerContainer.this.server.describe() + " failed: "
						+ ex.getMessage());
			}
		}

		@Override
		public void onEventDeserializationFailure(BinaryLogClient client, Exception ex) {
			fail(new IllegalStateException("Cannot decode a binlog event after " + committedPosition() + ": "
					+ ex.getMessage(), ex));
		}

		@Override
		public void onDisconnect(BinaryLogClient client) {
			BinlogListenerContainer.this.connected = false;
		}

	}

	private void serverError(ServerException ex) {
		String message = String.valueOf(ex.getMessage());
		String lower = message.toLowerCase(Locale.ROOT);
		String server = this.server.describe();
		if (lower.contains("server_id") || lower.contains("server id") || lower.contains("server_uuid")) {
			fail(new BinlogStreamException("The server at " + server + " rejected the binlog connection: " + message,
					"Give every application instance and replica its own binlog.server-id (now "
							+ this.settings.serverId() + ").",
					ex));
		}
		else if (ex.getErrorCode() == 1236) {
			OnMissingPosition onMissing = this.settings.onMissingPosition();
			if (onMissing == OnMissingPosition.FAIL) {
				fail(new BinlogStreamException("The server at " + server + " cannot stream from "
						+ committedPosition() + ": " + message + " The binary log may have been purged.",
						"Set binlog.start-position to a position the server still has (see SHOW BINARY LOGS) after "
								+ "removing the saved position, or set binlog.position.on-missing to 'earliest' or "
								+ "'latest'; changes in between are not delivered.",
						ex));
			}
			else {
				logger.warn("The server at " + server + " no longer has binlog position " + committedPosition() + " ("
						+ message + "); continuing from the " + onMissing.name().toLowerCase(Locale.ROOT)
						+ " position as binlog.position.on-missing says. Changes in between are not delivered.");
				this.skippedEvents.incrementAndGet();
				this.jumpRequested = (onMissing == OnMissingPosition.LATEST) ? StartPosition.LATEST
						: StartPosition.EARLIEST;
			}
		}
		else if (ex.getErrorCode() == 1227 || ex.getErrorCode() == 1045) {
			fail(new BinlogStreamException("The server at " + server + " refused to stream the binlog to user '"
					+ this.connection.getUsername() + "': " + message,
					"GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO the user (see the README).", ex));
		}
		else {
			fail(new BinlogStreamException("The server at " + server + " ended the binlog stream with error "
					+ ex.getErrorCode() + ": " + message, "See the server's error log.", ex));
		}
	}

	/**
	 * A listener threw: carries the event for the log, handled by the listener failure policy.
	 */
	private static final class ListenerFailure extends RuntimeException {

		private final String event;

		ListenerFailure(String event, RuntimeException cause) {
			super(cause.getMessage(), cause, false, false);
			this.event = event;
		}

	}

	/**
	 * The table whose writes are the position store's own.
	 */
	private record OwnTable(@Nullable String schema, String table) {

		OwnTable(String qualified) {
			this((qualified.indexOf('.') >= 0) ? qualified.substring(0, qualified.indexOf('.')) : null,
					qualified.substring(qualified.indexOf('.') + 1));
		}

		boolean matches(String schema, String table) {
			return this.table.equalsIgnoreCase(table) && (this.schema == null || this.schema.equalsIgnoreCase(schema));
		}

		String pattern() {
			return "(?i)" + ((this.schema != null) ? Pattern.quote(this.schema) : "[^.]+") + "\\."
					+ Pattern.quote(this.table);
		}

	}

	/**
	 * What to do when the saved or configured position is no longer on the server.
	 */
	public enum OnMissingPosition {

		/** Stop with a message: nothing is skipped without a person deciding. */
		FAIL,

		/** Continue from the end of the current binlog; changes in between are lost, logged and counted. */
		LATEST,

		/** Continue from the oldest binlog the server has; changes may be delivered again. */
		EARLIEST

	}

	/**
	 * What to do when a listener throws.
	 *
	 * @param action the action
	 * @param maxAttempts with {@link Action#RETRY}, how many deliveries of a transaction to try before stopping
	 * @param backoff with {@link Action#RETRY}, the wait before the second delivery, doubled for each further one
	 */
	public record ListenerFailurePolicy(Action action, int maxAttempts, Duration backoff) {

		/**
		 * The actions on a listener failure.
		 */
		public enum Action {

			/** Deliver the whole transaction again after a backoff, then stop after the last attempt. */
			RETRY,

			/** Stop the container at once. */
			STOP,

			/** Log and count the failure and go on with the next event: the event is lost for the listeners. */
			SKIP

		}

	}

	/**
	 * The container's settings.
	 *
	 * @param serverId the replica server id of this client, unique among the server's replicas
	 * @param connectTimeout the time to wait for a connection
	 * @param heartbeatInterval how often the server sends a heartbeat when it has no events
	 * @param keepAliveInterval how long without any packet before the connection is taken as lost
	 * @param reconnectGiveUpAfter how long to keep reconnecting before stopping, zero for ever
	 * @param startPosition where to start without a saved position
	 * @param include regular expressions on {@code schema.table} to capture
	 * @param exclude regular expressions on {@code schema.table} to ignore
	 * @param autoStartup whether to start with the application context
	 * @param decoding the decoding choices
	 * @param positionName the name of the position record
	 * @param flushInterval how often at most to save the position; zero saves after every transaction
	 * @param onMissingPosition what to do when the position is no longer on the server
	 * @param useGtid whether to resume by GTID set where there is one
	 * @param listenerFailure what to do when a listener throws
	 */
	public record Settings(long serverId, Duration connectTimeout, Duration heartbeatInterval,
			Duration keepAliveInterval, Duration reconnectGiveUpAfter, StartPosition startPosition,
			List<String> include, List<String> exclude, boolean autoStartup, DecodingOptions decoding,
			String positionName, Duration flushInterval, OnMissingPosition onMissingPosition, boolean useGtid,
			ListenerFailurePolicy listenerFailure) {

		/**
		 * Return these settings with another auto-startup flag.
		 * @param autoStartup whether to start with the application context
		 * @return new settings
		 */
		public Settings withAutoStartup(boolean autoStartup) {
			return new Settings(this.serverId, this.connectTimeout, this.heartbeatInterval, this.keepAliveInterval,
					this.reconnectGiveUpAfter, this.startPosition, this.include, this.exclude, autoStartup,
					this.decoding, this.positionName, this.flushInterval, this.onMissingPosition, this.useGtid,
					this.listenerFailure);
		}

		/**
		 * Return settings with the same defaults as the {@code binlog.*} properties.
		 * @param serverId the replica server id of this client
		 * @return the settings
		 */
		public static Settings of(long serverId) {
			return new Settings(serverId, Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMinutes(1),
					Duration.ofMinutes(5), StartPosition.LATEST, List.of(), List.of("mysql\\..*"), true,
					DecodingOptions.DEFAULTS, "default", Duration.ofSeconds(1), OnMissingPosition.FAIL, true,
					new ListenerFailurePolicy(ListenerFailurePolicy.Action.RETRY, 3, Duration.ofSeconds(1)));
		}

	}

}
