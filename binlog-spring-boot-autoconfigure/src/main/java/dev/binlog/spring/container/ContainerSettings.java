package dev.binlog.spring.container;

import java.time.Duration;
import java.util.List;

import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.decoding.DecodingOptions;

/**
 * The settings of a {@link BinlogListenerContainer}, built once from the {@code binlog.*} properties and checked
 * when built.
 *
 * @param serverId the replica server id of this client, unique among the server's replicas
 * @param connectTimeout the time to wait for a connection
 * @param heartbeatInterval how often the server sends a heartbeat when it has no events
 * @param keepAliveInterval how long without any packet before the connection is taken as lost
 * @param shutdownTimeout how long a stop waits for a busy listener before it saves the committed position and
 * returns
 * @param reconnectGiveUpAfter how long to keep reconnecting before stopping, zero for ever
 * @param startPosition where to start without a saved position
 * @param include regular expressions on {@code schema.table} to capture
 * @param exclude regular expressions on {@code schema.table} to ignore
 * @param autoStartup whether to start with the application context
 * @param decoding the decoding choices
 * @param positionName the name of the position record
 * @param saveInterval how often at most to save the position; zero saves after every transaction
 * @param onMissingPosition what to do when the position is no longer on the server
 * @param useGtid whether to resume by GTID set where there is one
 * @param listenerFailure what to do when a listener throws
 */
public record ContainerSettings(long serverId, Duration connectTimeout, Duration heartbeatInterval,
		Duration keepAliveInterval, Duration shutdownTimeout, Duration reconnectGiveUpAfter,
		StartPosition startPosition, List<String> include, List<String> exclude, boolean autoStartup,
		DecodingOptions decoding, String positionName, Duration saveInterval, OnMissingPosition onMissingPosition,
		boolean useGtid, ListenerFailurePolicy listenerFailure) {

	/**
	 * Create settings.
	 * @throws BinlogStreamException naming the properties if the keep-alive interval is not longer than the
	 * heartbeat interval
	 */
	public ContainerSettings {
		if (keepAliveInterval.compareTo(heartbeatInterval) <= 0) {
			throw new BinlogStreamException("binlog.keep-alive-interval (" + keepAliveInterval
					+ ") is not longer than binlog.heartbeat-interval (" + heartbeatInterval
					+ "): an idle connection would be taken as dead between two heartbeats.",
					"Set binlog.keep-alive-interval to at least twice binlog.heartbeat-interval.");
		}
		include = List.copyOf(include);
		exclude = List.copyOf(exclude);
	}

	/**
	 * Return these settings with another auto-startup flag.
	 * @param autoStartup whether to start with the application context
	 * @return new settings
	 */
	public ContainerSettings withAutoStartup(boolean autoStartup) {
		return new ContainerSettings(this.serverId, this.connectTimeout, this.heartbeatInterval,
				this.keepAliveInterval, this.shutdownTimeout, this.reconnectGiveUpAfter, this.startPosition,
				this.include, this.exclude, autoStartup, this.decoding, this.positionName, this.saveInterval,
				this.onMissingPosition, this.useGtid, this.listenerFailure);
	}

	/**
	 * Return settings with the same defaults as the {@code binlog.*} properties.
	 * @param serverId the replica server id of this client
	 * @return the settings
	 */
	public static ContainerSettings of(long serverId) {
		return new ContainerSettings(serverId, Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMinutes(1),
				Duration.ofSeconds(10), Duration.ofMinutes(5), StartPosition.LATEST, List.of(), List.of("mysql\\..*"), true,
				DecodingOptions.DEFAULTS, "default", Duration.ofSeconds(1), OnMissingPosition.FAIL, true,
				ListenerFailurePolicy.DEFAULT);
	}

}
