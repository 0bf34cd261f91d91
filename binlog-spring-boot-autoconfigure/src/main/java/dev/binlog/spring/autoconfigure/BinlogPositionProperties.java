package dev.binlog.spring.autoconfigure;

import java.time.Duration;

import dev.binlog.spring.container.OnMissingPosition;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.validation.Errors;

/**
 * Where and how often the committed position is saved: the {@code binlog.position.*} properties of
 * {@link BinlogProperties} (the position table's schema script settings are in {@link BinlogPositionJdbcProperties}).
 */
public class BinlogPositionProperties {

	/**
	 * Name of the position record; containers that share a position table need different names.
	 */
	private String name = "default";

	/**
	 * Where positions are kept: 'auto' or 'jdbc' (a JDBC table in the @BinlogDataSource or the application's
	 * DataSource; the application fails to start without one), or 'memory' (a restart starts from
	 * binlog.start-position again and skips what was written while the application was down).
	 */
	private Store store = Store.AUTO;

	/**
	 * How often at most the committed position is saved; 0 saves after every transaction. A crash redelivers
	 * at most the transactions of this last interval. Always saved on shutdown.
	 */
	private Duration saveInterval = Duration.ofSeconds(1);

	/**
	 * What to do when the saved (or configured) position is no longer on the server: 'fail', or continue
	 * from the 'latest' or 'earliest' position the server has.
	 */
	private OnMissingPosition onMissing = OnMissingPosition.FAIL;

	/**
	 * Whether to resume from the GTID set where the server has GTIDs (MariaDB always has), which follows a
	 * failover to another server of the topology; otherwise from the binlog file and offset.
	 */
	private boolean useGtid = true;

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public Duration getSaveInterval() {
		return this.saveInterval;
	}

	public void setSaveInterval(Duration saveInterval) {
		this.saveInterval = saveInterval;
	}

	/**
	 * How often at most the committed position is saved.
	 * @return the save interval
	 * @deprecated since 0.1.0 in favour of {@code binlog.position.save-interval}: "save" is the one word for
	 * writing the position
	 */
	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "binlog.position.save-interval", since = "0.1.0")
	public Duration getFlushInterval() {
		return this.saveInterval;
	}

	/**
	 * Set how often at most the committed position is saved.
	 * @param flushInterval the save interval
	 * @deprecated since 0.1.0 in favour of {@code binlog.position.save-interval}
	 */
	@Deprecated(since = "0.1.0")
	public void setFlushInterval(Duration flushInterval) {
		this.saveInterval = flushInterval;
	}

	public OnMissingPosition getOnMissing() {
		return this.onMissing;
	}

	public void setOnMissing(OnMissingPosition onMissing) {
		this.onMissing = onMissing;
	}

	public boolean isUseGtid() {
		return this.useGtid;
	}

	public void setUseGtid(boolean useGtid) {
		this.useGtid = useGtid;
	}

	/**
	 * Reject the values the position cannot be saved with; called by {@link BinlogProperties#validate} with the
	 * nested path {@code position}.
	 * @param errors where to report
	 */
	void validate(Errors errors) {
		if (this.name == null || this.name.isBlank()) {
			errors.rejectValue("name", "blank", "binlog.position.name must not be blank; set it to a name for the "
					+ "position record, different for each container that shares the position table.");
		}
		if (this.saveInterval == null || this.saveInterval.isNegative()) {
			errors.rejectValue("saveInterval", "notNegative", "binlog.position.save-interval (formerly "
					+ "binlog.position.flush-interval) must not be negative; set it to 0 (save after every "
					+ "transaction) or a duration such as 1s.");
		}
	}

	/**
	 * Where positions are kept.
	 */
	public enum Store {

		/** A JDBC table, as {@link #JDBC}: never memory unless chosen. */
		AUTO,

		/** A JDBC table; the application fails to start without a DataSource and Spring Data JDBC. */
		JDBC,

		/**
		 * Memory: a restart starts from binlog.start-position again and skips what was written while the application
		 * was down.
		 */
		MEMORY

	}

}
