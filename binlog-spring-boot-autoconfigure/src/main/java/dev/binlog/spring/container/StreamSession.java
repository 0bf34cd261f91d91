package dev.binlog.spring.container;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializationException;
import com.github.shyiko.mysql.binlog.network.AuthenticationException;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogClientFactory;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.ServerErrorTranslator;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.decoding.BinlogDecoder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One run of the binlog stream, from a start to a stop or a failure, on its own thread: connects from the committed
 * position, streams, and reconnects from the committed position with a growing backoff when the connection is lost
 * (giving up after {@code binlog.reconnect.give-up-after}), when a listener failure asks for the transaction again,
 * or when the position is replaced. Notices a server that keeps closing fresh connections (another client with the
 * same server id), pauses and resumes, and stops the stream with a failure that names what to change.
 */
final class StreamSession {

	private static final Log logger = LogFactory.getLog(StreamSession.class);

	private final ContainerSettings settings;

	private final BinlogServer server;

	private final boolean mariaDb;

	private final BinlogClientFactory clients;

	private final BinlogDecoder decoder;

	private final BinlogEventHandler handler;

	private final ListenerFailureHandler failures;

	private final PositionSaver saver;

	private final ContainerStatusHolder status;

	private final CountDownLatch stopSignal = new CountDownLatch(1);

	private final CountDownLatch streamingSignal = new CountDownLatch(1);

	private volatile CountDownLatch resumeSignal = new CountDownLatch(0);

	private volatile boolean paused;

	private volatile boolean redeliverRequested;

	private volatile @Nullable Duration redeliveryBackoff;

	private volatile @Nullable StartPosition jumpRequested;

	private volatile @Nullable BinaryLogClient client;

	// the session's thread only
	private final ReconnectPolicy reconnects;

	private @Nullable BinlogPosition undecodableAfter;

	private final MissingPosition missingPosition;

	StreamSession(ContainerSettings settings, BinlogServer server, boolean mariaDb, BinlogClientFactory clients,
			BinlogDecoder decoder, ChangePublisher publisher, PositionSaver saver, ListenerFailureHandler failures,
			ContainerStatusHolder status, TableSnapshots snapshots) {
		this.settings = settings;
		this.missingPosition = new MissingPosition(settings.onMissingPosition(), server.describe(), status, snapshots);
		this.server = server;
		this.mariaDb = mariaDb;
		this.clients = clients;
		this.decoder = decoder;
		this.saver = saver;
		this.failures = failures;
		this.status = status;
		this.handler = new BinlogEventHandler(decoder, publisher, saver, status, this::streaming);
		this.reconnects = new ReconnectPolicy(settings.reconnectGiveUpAfter(), Clock.systemUTC());
	}

	// --- called by the container's lifecycle methods

	/**
	 * Wait until the server accepted the start position and events flow, or the session failed.
	 * @param timeout how long to wait
	 * @return whether the wait ended before the time-out
	 * @throws InterruptedException if interrupted
	 */
	boolean awaitStreaming(Duration timeout) throws InterruptedException {
		return this.streamingSignal.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Ask the session to end. Returns at once: closing the connection waits for a listener that is still busy,
	 * so it happens on a thread of its own.
	 */
	void stop() {
		this.stopSignal.countDown();
		this.resumeSignal.countDown();
		Thread closer = new Thread(this::disconnect, "binlog-disconnect");
		closer.setDaemon(true);
		closer.start();
	}

	/**
	 * Close the connection and wait for {@link #resume()}.
	 * @return whether the session was not paused before
	 */
	boolean pause() {
		if (this.paused) {
			return false;
		}
		this.resumeSignal = new CountDownLatch(1);
		this.paused = true;
		disconnect();
		return true;
	}

	/**
	 * Continue after {@link #pause()}.
	 * @return whether the session was paused
	 */
	boolean resume() {
		if (!this.paused) {
			return false;
		}
		this.paused = false;
		this.resumeSignal.countDown();
		return true;
	}

	/**
	 * Continue from another position.
	 * @param position the position
	 */
	void jump(StartPosition position) {
		this.jumpRequested = position;
		disconnect();
		resume();
	}

	// --- the session's thread

	void run() {
		try {
			stream();
		}
		catch (Throwable ex) {
			// never a dead thread behind a healthy status
			fail(ex);
		}
		finally {
			this.status.connected(false);
			this.streamingSignal.countDown();
		}
	}

	private void stream() {
		while (this.stopSignal.getCount() > 0 && !this.status.failed()) {
			StartPosition jump = this.jumpRequested;
			if (jump != null) {
				this.jumpRequested = null;
				this.status.track(new PositionTracker(StartPositions.resolve(jump, this.server, this.clients, this.mariaDb), this.mariaDb));
				this.saver.positionReplaced();
				this.missingPosition.jumped();
			}
			BinlogPosition from = this.status.tracker().committed();
			BinaryLogClient binlog = this.clients.create(from, this.decoder.newDeserializer(), this::onEvent,
					new LifecycleListener());
			this.client = binlog;
			this.handler.connectionOpened(this.mariaDb && this.clients.startsByGtid(from));
			this.redeliverRequested = false;
			this.reconnects.connecting();
			try {
				binlog.connect();
			}
			catch (AuthenticationException ex) {
				fail(this.server.errors().translate(ex, from, this.settings.serverId()));
			}
			catch (IOException | RuntimeException ex) {
				if (this.streamingSignal.getCount() > 0) {
					fail(this.server.errors().translate(ex, from, this.settings.serverId()));
				}
				else if (this.stopSignal.getCount() > 0) {
					connectionFailed(ex);
				}
			}
			this.status.connected(false);
			this.handler.connectionClosed();
			if (this.status.failed() || this.stopSignal.getCount() == 0) {
				break;
			}
			if (this.paused) {
				this.status.moveTo(ContainerState.PAUSED);
				if (!awaitResume()) {
					break;
				}
				continue;
			}
			boolean ours = this.redeliverRequested || this.jumpRequested != null || this.paused;
			if (this.reconnects.ended(ours)) {
				// timing alone proves nothing (a flapping network looks the same); the server names a duplicate id
				// itself, and that stops the stream
				logger.warn("The server at " + this.server.describe() + " closed the binlog connection "
						+ this.reconnects.shortSessions() + " times in a row within seconds of opening it. If another "
						+ "replica or binlog client uses server id " + this.settings.serverId() + ", give every "
						+ "instance its own binlog.server-id; otherwise check the network and the server's error log.");
			}
			Duration wait;
			if (this.redeliverRequested) {
				wait = Objects.requireNonNullElse(this.redeliveryBackoff, Duration.ZERO);
			}
			else if (this.jumpRequested != null) {
				wait = Duration.ZERO;
			}
			else {
				wait = this.reconnects.nextWait();
				if (wait == null) {
					Duration giveUp = this.settings.reconnectGiveUpAfter();
					fail(new BinlogStreamException("Lost the binlog connection to " + this.server.describe()
							+ " and could not re-establish it within " + giveUp + ".",
							"Check the server and the network; raise binlog.reconnect.give-up-after to keep trying "
									+ "longer (0 retries forever)."));
					break;
				}
				this.status.moveTo(ContainerState.RECONNECTING);
				logger.warn("Binlog connection to " + this.server.describe() + " lost; reconnecting in "
						+ wait.toMillis() + " ms from " + this.status.committedPosition());
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
			this.status.reconnected();
		}
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

	private void streaming() {
		this.status.connected(true);
		this.status.connectionProblem(null);
		this.reconnects.streaming();
		this.status.moveTo(ContainerState.STREAMING);
		this.streamingSignal.countDown();
	}

	private void onEvent(Event event) {
		if (this.status.failed() || this.stopSignal.getCount() == 0 || this.redeliverRequested
				|| this.jumpRequested != null || this.paused) {
			return;
		}
		try {
			this.handler.handle(event);
		}
		catch (ListenerFailure ex) {
			listenerFailed(ex);
		}
		catch (Throwable ex) {
			fail(ex);
		}
	}

	private void listenerFailed(ListenerFailure ex) {
		ListenerFailureHandler.Decision decision = this.handler
			.afterFailure(this.failures.handle(ex, this.status.tracker().committed()));
		if (decision instanceof ListenerFailureHandler.Decision.Stop stop) {
			fail(stop.cause());
		}
		else if (decision instanceof ListenerFailureHandler.Decision.Redeliver redeliver) {
			this.redeliveryBackoff = redeliver.backoff();
			this.redeliverRequested = true;
			disconnect();
		}
	}

	/**
	 * Stop the session for good with a failure that needs a person.
	 * @param ex the failure
	 */
	void fail(Throwable ex) {
		if (this.status.fail(ex)) {
			logger.error("Binlog stream of " + this.server.describe() + " stopped at " + this.status.committedPosition()
					+ ": " + ex.getMessage(), (ex instanceof BinlogStreamException) ? null : ex);
		}
		this.stopSignal.countDown();
		this.streamingSignal.countDown();
		disconnect();
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

	private void connectionFailed(Exception ex) {
		String problem = "Binlog connection to " + this.server.describe() + " failed: " + ex;
		this.status.connectionProblem(problem);
		logger.warn(problem);
	}

	private void serverError(ServerException ex) {
		BinlogPosition position = this.status.committedPosition();
		StartPosition jump = this.missingPosition.jumpFor(ex, position);
		if (jump != null) {
			this.jumpRequested = jump;
		}
		else {
			fail(this.server.errors().translate(ex, position, this.settings.serverId()));
		}
	}

	private final class LifecycleListener extends BinaryLogClient.AbstractLifecycleListener {

		@Override
		public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
			if (ex instanceof ServerException serverException) {
				serverError(serverException);
			}
			else if (ServerErrorTranslator.find(ex, EventDataDeserializationException.class) != null
					&& ServerErrorTranslator.find(ex, java.io.EOFException.class) == null
					&& ServerErrorTranslator.find(ex, java.net.SocketException.class) == null) {
				undecodable(ex);
			}
			else if (StreamSession.this.stopSignal.getCount() > 0 && !StreamSession.this.redeliverRequested) {
				connectionFailed(ex);
			}
		}

		@Override
		public void onEventDeserializationFailure(BinaryLogClient client, Exception ex) {
			undecodable(ex);
		}

		// an event that cannot be read: a connection cut in the middle of it looks the same as an event the decoder
		// cannot read, so the first time the stream reads again from the committed position; the same failure there
		// again stops it, with the decoder's own message (what, which table and column, what to change)
		private void undecodable(Exception ex) {
			Throwable cause = ex;
			while (cause.getCause() != null && cause.getCause() != cause) {
				cause = cause.getCause();
			}
			if (cause instanceof BinlogStreamException stop) {
				fail(stop);
				return;
			}
			BinlogPosition at = StreamSession.this.status.committedPosition();
			if (at != null && !at.equals(StreamSession.this.undecodableAfter)) {
				StreamSession.this.undecodableAfter = at;
				connectionFailed(ex);
				disconnect();
				return;
			}
			fail(new IllegalStateException("Cannot decode a binlog event after " + at + ": " + cause.getMessage(), ex));
		}

		@Override
		public void onDisconnect(BinaryLogClient client) {
			StreamSession.this.status.connected(false);
		}

	}

}
