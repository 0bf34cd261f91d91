package dev.binlog.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerSettings;
import dev.binlog.spring.decoding.DecodingOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the binlog listener container. Checks itself when bound, so that a value the stream
 * cannot run with fails the startup with a message naming the property.
 */
@ConfigurationProperties("binlog")
public class BinlogProperties implements Validator {

	/** The largest replica server id: server_id is an unsigned 32-bit integer. */
	static final long MAX_SERVER_ID = 4_294_967_295L;

	/**
	 * Whether to stream the binlog at all.
	 */
	private boolean enabled = true;

	/**
	 * Whether to start streaming when the application context starts. When false, start the
	 * BinlogListenerContainer bean yourself.
	 */
	private boolean autoStartup = true;

	/**
	 * Host of the MySQL/MariaDB server. When not set, the host, port and credentials of spring.datasource.url
	 * (a jdbc:mysql or jdbc:mariadb URL) are used.
	 */
	private @Nullable String host;

	/**
	 * Port of the MySQL/MariaDB server.
	 */
	private @Nullable Integer port;

	/**
	 * Login user of the server. Needs REPLICATION SLAVE, REPLICATION CLIENT and SELECT. Defaults to
	 * spring.datasource.username.
	 */
	private @Nullable String username;

	/**
	 * Login password of the server. Defaults to spring.datasource.password.
	 */
	private @Nullable String password;

	/**
	 * Replica server id of this client: unique among all replicas and binlog clients of the server, and
	 * different from the server's own server_id. A random id is chosen when not set.
	 */
	private @Nullable Long serverId;

	/**
	 * Time to wait for a connection to the server.
	 */
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * How often the server sends a heartbeat while it has no events for this client.
	 */
	private Duration heartbeatInterval = Duration.ofSeconds(15);

	/**
	 * How long without any packet from the server (event or heartbeat) before the connection is taken as lost and
	 * re-established. Must be longer than the heartbeat interval.
	 */
	private Duration keepAliveInterval = Duration.ofMinutes(1);

	/**
	 * How long stopping waits for a listener that is still busy. The committed position is saved either way; a
	 * transaction whose listener had not returned is delivered again after the restart. Keep it below the
	 * platform's grace period (Kubernetes: 30s) and spring.lifecycle.timeout-per-shutdown-phase.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Regular expressions on schema.table of the tables to capture, for example 'shop\..*'. Empty to capture
	 * every table not excluded.
	 */
	private List<String> include = new ArrayList<>();

	/**
	 * Regular expressions on schema.table of the tables to ignore; applied after the includes, before any row is
	 * decoded.
	 */
	private List<String> exclude = new ArrayList<>(List.of("mysql\\..*"));

	/**
	 * Where to start when there is no saved position: 'latest' (the end of the current binlog), 'earliest', a
	 * 'file:position' such as 'mysql-bin.000003:4', 'gtid:' followed by a GTID set, or 'time:' followed by an
	 * ISO-8601 instant such as 'time:2026-12-01T08:00:00Z' (the first transaction committed at or after it).
	 */
	private String startPosition = "latest";

	/**
	 * Whether to publish a RowChangeEvent for every row in addition to the table-level events. When not set,
	 * row-level events are published only if a listener accepts them.
	 */
	private @Nullable Boolean rowEvents;

	private final Decoding decoding = new Decoding();

	@NestedConfigurationProperty
	private final BinlogPositionProperties position = new BinlogPositionProperties();

	private final Reconnect reconnect = new Reconnect();

	@NestedConfigurationProperty
	private final BinlogListenerFailureProperties listenerFailure = new BinlogListenerFailureProperties();

	@NestedConfigurationProperty
	private final BinlogSslProperties ssl = new BinlogSslProperties();

	@NestedConfigurationProperty
	private final BinlogSnapshotProperties snapshot = new BinlogSnapshotProperties();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public @Nullable String getHost() {
		return this.host;
	}

	public void setHost(@Nullable String host) {
		this.host = host;
	}

	public @Nullable Integer getPort() {
		return this.port;
	}

	public void setPort(@Nullable Integer port) {
		this.port = port;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable Long getServerId() {
		return this.serverId;
	}

	public void setServerId(@Nullable Long serverId) {
		this.serverId = serverId;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getKeepAliveInterval() {
		return this.keepAliveInterval;
	}

	public void setKeepAliveInterval(Duration keepAliveInterval) {
		this.keepAliveInterval = keepAliveInterval;
	}

	public List<String> getInclude() {
		return this.include;
	}

	public void setInclude(List<String> include) {
		this.include = include;
	}

	public List<String> getExclude() {
		return this.exclude;
	}

	public void setExclude(List<String> exclude) {
		this.exclude = exclude;
	}

	public String getStartPosition() {
		return this.startPosition;
	}

	public void setStartPosition(String startPosition) {
		this.startPosition = startPosition;
	}

	public @Nullable Boolean getRowEvents() {
		return this.rowEvents;
	}

	public void setRowEvents(@Nullable Boolean rowEvents) {
		this.rowEvents = rowEvents;
	}

	public Decoding getDecoding() {
		return this.decoding;
	}

	public BinlogPositionProperties getPosition() {
		return this.position;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public BinlogListenerFailureProperties getListenerFailure() {
		return this.listenerFailure;
	}

	public BinlogSslProperties getSsl() {
		return this.ssl;
	}

	public BinlogSnapshotProperties getSnapshot() {
		return this.snapshot;
	}

	@Override
	public boolean supports(Class<?> type) {
		return BinlogProperties.class.isAssignableFrom(type);
	}

	/**
	 * Reject the values the stream cannot run with, each as an error on its field whose message names the
	 * property and what to set.
	 * @param target these properties
	 * @param errors where to report
	 */
	@Override
	public void validate(Object target, Errors errors) {
		BinlogPropertiesValidator.validate((BinlogProperties) target, errors);
	}

	/**
	 * Build the container settings from these properties.
	 * @param serverId the replica server id to use ({@code binlog.server-id}, or one chosen at random)
	 * @return the settings
	 * @throws dev.binlog.spring.connection.BinlogStreamException if the properties contradict each other
	 */
	ContainerSettings toSettings(long serverId) {
		return new ContainerSettings(serverId, this.connectTimeout, this.heartbeatInterval, this.keepAliveInterval,
				this.shutdownTimeout, this.reconnect.getGiveUpAfter(), StartPosition.parse(this.startPosition),
				this.include, this.exclude, this.autoStartup, this.decoding.toOptions(), this.position.getName(), this.position.getSaveInterval(),
				this.position.getOnMissing(), this.position.isUseGtid(), this.listenerFailure.toPolicy());
	}

	/**
	 * Re-establishing a lost connection.
	 */
	public static class Reconnect {

		/**
		 * How long to keep reconnecting to a server that went away before stopping with health DOWN; 0 retries
		 * for ever.
		 */
		private Duration giveUpAfter = Duration.ofMinutes(5);

		public Duration getGiveUpAfter() {
			return this.giveUpAfter;
		}

		public void setGiveUpAfter(Duration giveUpAfter) {
			this.giveUpAfter = giveUpAfter;
		}

	}

	/**
	 * Choices in turning column values into Java values.
	 */
	public static class Decoding {

		/**
		 * What a zero DATE, DATETIME or TIMESTAMP (0000-00-00) becomes: null, round (to 0001-01-01) or fail (stop
		 * the stream).
		 */
		private DecodingOptions.ZeroDates zeroDates = DecodingOptions.ZeroDates.NULL;

		/**
		 * What a BIGINT UNSIGNED becomes: big-integer (exact over the whole range) or long (a value above
		 * Long.MAX_VALUE stops the stream).
		 */
		private DecodingOptions.BigintUnsigned bigintUnsigned = DecodingOptions.BigintUnsigned.BIG_INTEGER;

		/**
		 * What a DATE or DATETIME the calendar does not have (2024-02-30 under sql_mode ALLOW_INVALID_DATES,
		 * 2024-00-15 without NO_ZERO_IN_DATE) becomes: fail (stop the stream, naming the table and column), null, or
		 * lenient (rolled over as JDBC's getObject does: 2024-03-01).
		 */
		private DecodingOptions.InvalidDates invalidDates = DecodingOptions.InvalidDates.FAIL;

		public DecodingOptions.ZeroDates getZeroDates() {
			return this.zeroDates;
		}

		public void setZeroDates(DecodingOptions.ZeroDates zeroDates) {
			this.zeroDates = zeroDates;
		}

		public DecodingOptions.BigintUnsigned getBigintUnsigned() {
			return this.bigintUnsigned;
		}

		public void setBigintUnsigned(DecodingOptions.BigintUnsigned bigintUnsigned) {
			this.bigintUnsigned = bigintUnsigned;
		}

		public DecodingOptions.InvalidDates getInvalidDates() {
			return this.invalidDates;
		}

		public void setInvalidDates(DecodingOptions.InvalidDates invalidDates) {
			this.invalidDates = invalidDates;
		}

		DecodingOptions toOptions() {
			return new DecodingOptions(this.zeroDates, this.bigintUnsigned, this.invalidDates);
		}

	}

}
