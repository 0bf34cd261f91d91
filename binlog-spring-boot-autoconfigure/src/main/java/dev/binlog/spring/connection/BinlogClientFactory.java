package dev.binlog.spring.connection;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.BinlogPosition;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link BinaryLogClient} of each binlog connection: where it starts (a GTID set or a file and offset),
 * its socket, heartbeats and time-outs, the event deserializer and listeners it is given, then the user's
 * {@link BinaryLogClientCustomizer customizers}, in order.
 */
public final class BinlogClientFactory {

	private final BinlogLogin details;

	private final long serverId;

	private final Duration connectTimeout;

	private final Duration heartbeatInterval;

	private final Duration keepAliveInterval;

	private final boolean useGtid;

	private final List<BinaryLogClientCustomizer> customizers;

	private volatile @Nullable IdleHook idleHook;

	/**
	 * Create a factory.
	 * @param details where the server is and who logs in
	 * @param serverId the replica server id of this client
	 * @param connectTimeout the time to wait for a connection
	 * @param heartbeatInterval how often the server sends a heartbeat when it has no events
	 * @param keepAliveInterval how long without any packet before the connection is taken as lost
	 * @param useGtid whether to start from the position's GTID set where it has one
	 * @param customizers applied in order to every client, last
	 */
	public BinlogClientFactory(BinlogLogin details, long serverId, Duration connectTimeout,
			Duration heartbeatInterval, Duration keepAliveInterval, boolean useGtid,
			List<BinaryLogClientCustomizer> customizers) {
		this.details = details;
		this.serverId = serverId;
		this.connectTimeout = connectTimeout;
		this.heartbeatInterval = heartbeatInterval;
		this.keepAliveInterval = keepAliveInterval;
		this.useGtid = useGtid;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Return whether a client for the position starts from its GTID set rather than its file and offset.
	 * @param from the position
	 * @return whether the GTID set decides where the server starts
	 */
	public boolean startsByGtid(BinlogPosition from) {
		// a position without a file (a configured GTID start) has nothing else to start from
		return from.gtidSet() != null && (this.useGtid || from.file().isEmpty());
	}

	/**
	 * Call a hook on the reading thread whenever the clients built from now on are about to wait for bytes the
	 * server has not sent yet.
	 * @param hook the hook, or {@code null} for none
	 */
	public void setIdleHook(@Nullable IdleHook hook) {
		this.idleHook = hook;
	}

	/**
	 * Build a client that starts at a position.
	 * @param from the position to start from
	 * @param deserializer the event deserializer
	 * @param events told about every event, on the client's thread
	 * @param lifecycle told about connection failures, undecodable events and disconnects
	 * @return the client, not connected yet
	 */
	public BinaryLogClient create(BinlogPosition from, EventDeserializer deserializer,
			BinaryLogClient.EventListener events, BinaryLogClient.LifecycleListener lifecycle) {
		BinaryLogClient client = new BinaryLogClient(this.details.getHost(), this.details.getPort(),
				this.details.getUsername(), Objects.requireNonNullElse(this.details.getPassword(), ""));
		client.setServerId(this.serverId);
		// reconnects are the container's, from transaction boundaries; the client's keep-alive would resume
		// mid-transaction
		client.setKeepAlive(false);
		client.setConnectTimeout(this.connectTimeout.toMillis());
		client.setHeartbeatInterval(this.heartbeatInterval.toMillis());
		int readTimeout = (int) this.keepAliveInterval.toMillis();
		IdleHook idle = this.idleHook;
		client.setSocketFactory(() -> {
			Socket socket = (idle != null) ? new IdleAwareSocket(idle) : new Socket();
			// no packet (not even a heartbeat) for this long means the connection is dead
			socket.setSoTimeout(readTimeout);
			socket.setKeepAlive(true);
			return socket;
		});
		if (startsByGtid(from)) {
			// a GTID set names the same place on every server of the topology, so a failover is followed
			client.setGtidSet(from.gtidSet());
		}
		else {
			client.setBinlogFilename(from.file());
			client.setBinlogPosition(from.position());
		}
		client.setEventDeserializer(deserializer);
		client.registerEventListener(events);
		client.registerLifecycleListener(lifecycle);
		for (BinaryLogClientCustomizer customizer : this.customizers) {
			customizer.customize(client);
		}
		return client;
	}

	/**
	 * Told when a binlog connection has read everything the server sent so far and is about to wait for more.
	 */
	@FunctionalInterface
	public interface IdleHook {

		/**
		 * The connection is about to wait; called on the thread that reads events and calls their listeners.
		 * @throws IOException to end the connection, which is then opened again from the committed position
		 */
		void beforeWait() throws IOException;

	}

}
