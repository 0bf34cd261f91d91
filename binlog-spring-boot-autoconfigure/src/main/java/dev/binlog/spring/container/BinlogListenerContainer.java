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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
import dev.binlog.spring.connection.BinlogStartupException;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.decoding.DecodingOptions;
import dev.binlog.spring.decoding.RowsEventDeserializer;
import dev.binlog.spring.decoding.TableDecoder;
import dev.binlog.spring.decoding.TableFilter;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.metadata.CharsetRegistry;
import dev.binlog.spring.metadata.TableMetadata;
import dev.binlog.spring.metadata.TableMetadataResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Owns the binlog connection: reads events with a {@link BinaryLogClient} on its own thread, names and decodes
 * the rows of captured tables, publishes them through the {@link BinlogEventDispatcher} in binlog order and
 * follows transaction boundaries. A {@link SmartLifecycle}: it starts after the application context is refreshed
 * (failing the startup with a clear message when the server is unusable) and stops on shutdown.
 * <p>
 * A lost connection is re-established from the last committed transaction boundary, so the transaction that was
 * being read is delivered again from its start. A listener that throws, an event that cannot be decoded or a
 * server error that retrying cannot fix stops the container with state {@link ContainerState#FAILED}; the
 * position never moves past what was delivered.
 */
public class BinlogListenerContainer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(BinlogListenerContainer.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private final BinlogConnectionDetails connection;

	private final BinlogServer server;

	private final BinlogEventDispatcher dispatcher;

	private final Settings settings;

	private final TableFilter filter;

	private final List<BinaryLogClientCustomizer> customizers;

	private final @Nullable BooleanSupplier rowListenerDetector;

	private final Object lifecycleMonitor = new Object();

	// used by the binlog thread only
	private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();

	private final Map<Long, TableDecoder> decoders = new HashMap<>();

	private @Nullable TableMetadataResolver resolver;

	private volatile @Nullable PositionTracker tracker;

	private volatile @Nullable BinaryLogClient client;

	private volatile @Nullable Thread thread;

	private volatile ContainerState state = ContainerState.STOPPED;

	private volatile boolean connected;

	private volatile @Nullable Instant lastEventTime;

	// whether the open transaction published a change: commits of transactions without any are not published
	private boolean changesPublished;

	private volatile @Nullable Throwable failure;

	private volatile long reconnects;

	private volatile CountDownLatch stopSignal = new CountDownLatch(0);

	private volatile CountDownLatch streamingSignal = new CountDownLatch(0);

	/**
	 * Create a container.
	 * @param connection where the server is
	 * @param server the JDBC side of the same server
	 * @param dispatcher publishes the events
	 * @param settings the container settings
	 * @param customizers client customizers, applied in order before each connection
	 * @param rowListenerDetector decides at start whether row-level events have listeners, or {@code null} to
	 * keep the dispatcher's setting
	 */
	public BinlogListenerContainer(BinlogConnectionDetails connection, BinlogServer server,
			BinlogEventDispatcher dispatcher, Settings settings, List<BinaryLogClientCustomizer> customizers,
			@Nullable BooleanSupplier rowListenerDetector) {
		this.connection = connection;
		this.server = server;
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.filter = new TableFilter(settings.include(), settings.exclude());
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
				|| current == ContainerState.RECONNECTING;
	}

	/**
	 * Check the server, open the binlog connection and wait until events flow.
	 * @throws BinlogStartupException if the server is unusable, naming what to change
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
				if (this.rowListenerDetector != null) {
					this.dispatcher.setRowEvents(this.rowListenerDetector.getAsBoolean());
				}
				this.resolver = new TableMetadataResolver(this.server.jdbc(), new CharsetRegistry(this.server.jdbc()));
				PositionTracker positions = this.tracker;
				if (positions == null) {
					positions = new PositionTracker(startPosition(info), info.mariaDb());
					this.tracker = positions;
				}
				logger.info("Streaming binlog of " + this.server.describe() + " (" + info.version() + ", row metadata "
						+ info.rowMetadata() + ") from " + positions.committed() + " as server id "
						+ this.settings.serverId());
			}
			catch (RuntimeException ex) {
				this.state = ContainerState.FAILED;
				this.failure = ex;
				throw ex;
			}
			this.stopSignal = new CountDownLatch(1);
			this.streamingSignal = new CountDownLatch(1);
			Thread worker = new Thread(this::run, "binlog-" + this.server.describe());
			worker.setDaemon(true);
			this.thread = worker;
			worker.start();
			awaitStreaming();
		}
	}

	private BinlogPosition startPosition(BinlogServer.ServerInfo info) {
		StartPosition start = this.settings.startPosition();
		return switch (start.mode()) {
			case LATEST -> this.server.currentPosition(info.mariaDb());
			case EARLIEST -> this.server.earliestPosition();
			case FILE_POSITION -> new BinlogPosition(Objects.requireNonNull(start.file()), start.position(), null);
			// the file is only a placeholder: the GTID set decides where the server starts
			case GTID -> new BinlogPosition("", 4, start.gtidSet());
		};
	}

	private void awaitStreaming() {
		long timeout = this.settings.connectTimeout().toMillis() + 5000;
		try {
			if (!this.streamingSignal.await(timeout, TimeUnit.MILLISECONDS)) {
				stop();
				throw new BinlogStartupException(
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
			throw (error instanceof BinlogStartupException startup) ? startup
					: new BinlogStartupException("The binlog stream failed at startup: " + error.getMessage(),
							"See the cause; fix the server or the listener, then restart.", error);
		}
	}

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
			disconnect();
			try {
				worker.join(this.settings.connectTimeout().toMillis() + 5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
			logger.info("Stopped binlog stream of " + this.server.describe() + " at " + committedPosition());
		}
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
				this.lastEventTime, (error != null) ? error.getMessage() : null, this.reconnects);
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
		boolean everStreamed = false;
		while (this.stopSignal.getCount() > 0 && this.failure == null) {
			BinaryLogClient binlog = createClient(Objects.requireNonNull(this.tracker).committed());
			this.client = binlog;
			this.tableMaps.clear();
			this.decoders.clear();
			this.changesPublished = false;
			try {
				binlog.connect();
			}
			catch (AuthenticationException ex) {
				fail(new BinlogStartupException("The server at " + this.server.describe()
						+ " refused the binlog login of user '" + this.connection.getUsername() + "': " + ex.getMessage(),
						"Check binlog.username and binlog.password, and grant the user REPLICATION SLAVE.", ex));
			}
			catch (IOException | RuntimeException ex) {
				if (!everStreamed && this.streamingSignal.getCount() > 0) {
					fail(this.server.translate(ex));
				}
				else if (this.stopSignal.getCount() > 0) {
					logger.warn("Binlog connection to " + this.server.describe() + " failed: " + ex.getMessage());
				}
			}
			this.connected = false;
			everStreamed |= this.streamingSignal.getCount() == 0;
			if (this.failure != null || this.stopSignal.getCount() == 0) {
				break;
			}
			this.state = ContainerState.RECONNECTING;
			logger.warn("Binlog connection to " + this.server.describe() + " lost; reconnecting in " + backoff.toMillis()
					+ " ms from " + Objects.requireNonNull(this.tracker).committed());
			try {
				if (this.stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
					break;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			backoff = (backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0) ? MAX_BACKOFF : backoff.multipliedBy(2);
			this.reconnects++;
		}
		this.connected = false;
		this.streamingSignal.countDown();
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
		if (from.file().isEmpty() && from.gtidSet() != null) {
			binlog.setGtidSet(from.gtidSet());
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
					+ ex.getMessage(), (ex instanceof BinlogStartupException) ? null : ex);
		}
		this.stopSignal.countDown();
		this.streamingSignal.countDown();
		disconnect();
	}

	private void onEvent(Event event) {
		if (this.failure != null || this.stopSignal.getCount() == 0) {
			return;
		}
		try {
			handle(event);
		}
		catch (Throwable ex) {
			fail(ex);
		}
	}

	private void handle(Event event) {
		EventHeaderV4 header = event.getHeader();
		EventType type = header.getEventType();
		EventData data = event.getData();
		PositionTracker positions = Objects.requireNonNull(this.tracker);
		this.lastEventTime = Instant.now();
		if (type == EventType.ROTATE) {
			RotateEventData rotate = (RotateEventData) data;
			if (header.getTimestamp() != 0) {
				// a real rotation: table ids may be reused in the next file
				this.tableMaps.clear();
				this.decoders.clear();
			}
			positions.rotate(rotate.getBinlogFilename(), rotate.getBinlogPosition());
			return;
		}
		positions.advance(header.getNextPosition());
		switch (type) {
			case FORMAT_DESCRIPTION -> streaming();
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
		this.state = ContainerState.STREAMING;
		this.streamingSignal.countDown();
	}

	private void tableMap(TableMapEventData tableMap) {
		long tableId = tableMap.getTableId();
		this.tableMaps.put(tableId, tableMap);
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
		String upper = (sql.length() <= 16) ? sql.toUpperCase(Locale.ROOT) : "";
		if (upper.equals("BEGIN") || upper.startsWith("XA START")) {
			positions.begin();
		}
		else if (upper.equals("COMMIT")) {
			commit(header, positions);
		}
		else if (upper.equals("ROLLBACK")) {
			// only non-transactional changes are logged before a ROLLBACK; the boundary is still a safe place
			positions.committed(positions.boundary());
		}
		else if (upper.startsWith("SAVEPOINT") || upper.startsWith("ROLLBACK TO") || upper.startsWith("XA END")) {
			// inside a transaction
		}
		else {
			// DDL and other statements: layouts may have changed
			Objects.requireNonNull(this.resolver).invalidate();
			this.decoders.clear();
			if (!positions.inTransaction()) {
				commit(header, positions);
			}
		}
	}

	private void commit(EventHeaderV4 header, PositionTracker positions) {
		String gtid = positions.pendingGtid();
		BinlogPosition boundary = positions.boundary();
		if (this.changesPublished) {
			this.changesPublished = false;
			this.dispatcher.publish(
					new TransactionCommitEvent(this, boundary, Instant.ofEpochMilli(header.getTimestamp()), gtid));
		}
		positions.committed(boundary);
	}

	private void publish(TableChangeEvent event) {
		this.changesPublished = true;
		this.dispatcher.publish(event);
	}

	private final class LifecycleListener extends BinaryLogClient.AbstractLifecycleListener {

		@Override
		public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
			if (ex instanceof ServerException serverException) {
				fail(serverError(serverException));
			}
			else if (BinlogListenerContainer.this.stopSignal.getCount() > 0) {
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

	private BinlogStartupException serverError(ServerException ex) {
		String message = String.valueOf(ex.getMessage());
		String lower = message.toLowerCase(Locale.ROOT);
		String server = this.server.describe();
		if (lower.contains("server_id") || lower.contains("server id") || lower.contains("server_uuid")) {
			return new BinlogStartupException("The server at " + server + " rejected the binlog connection: "
					+ message, "Give every application instance and replica its own binlog.server-id (now "
							+ this.settings.serverId() + ").", ex);
		}
		if (ex.getErrorCode() == 1236) {
			return new BinlogStartupException("The server at " + server + " cannot stream from " + committedPosition()
					+ ": " + message + " The binary log file may have been purged.",
					"Set binlog.start-position to a position the server still has (see SHOW BINARY LOGS), or to "
							+ "'earliest' or 'latest'; changes in between are not delivered.",
					ex);
		}
		if (ex.getErrorCode() == 1227 || ex.getErrorCode() == 1045) {
			return new BinlogStartupException("The server at " + server + " refused to stream the binlog to user '"
					+ this.connection.getUsername() + "': " + message,
					"GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO the user (see the README).", ex);
		}
		return new BinlogStartupException("The server at " + server + " ended the binlog stream with error "
				+ ex.getErrorCode() + ": " + message, "See the server's error log.", ex);
	}

	/**
	 * The container's settings.
	 *
	 * @param serverId the replica server id of this client, unique among the server's replicas
	 * @param connectTimeout the time to wait for a connection
	 * @param heartbeatInterval how often the server sends a heartbeat when it has no events
	 * @param keepAliveInterval how long without any packet before the connection is taken as lost
	 * @param startPosition where to start without a saved position
	 * @param include regular expressions on {@code schema.table} to capture
	 * @param exclude regular expressions on {@code schema.table} to ignore
	 * @param autoStartup whether to start with the application context
	 * @param decoding the decoding choices
	 */
	public record Settings(long serverId, Duration connectTimeout, Duration heartbeatInterval,
			Duration keepAliveInterval, StartPosition startPosition, List<String> include, List<String> exclude,
			boolean autoStartup, DecodingOptions decoding) {

	}

}
