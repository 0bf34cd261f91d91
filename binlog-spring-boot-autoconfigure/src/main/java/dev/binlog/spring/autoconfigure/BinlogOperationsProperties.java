package dev.binlog.spring.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the binlog health indicator, metrics and actuator endpoint. Checks itself when bound,
 * like {@link BinlogProperties}.
 */
@ConfigurationProperties("binlog")
public class BinlogOperationsProperties implements Validator {

	private final Health health = new Health();

	private final Metrics metrics = new Metrics();

	private final Endpoint endpoint = new Endpoint();

	public Health getHealth() {
		return this.health;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Endpoint getEndpoint() {
		return this.endpoint;
	}

	@Override
	public boolean supports(Class<?> type) {
		return BinlogOperationsProperties.class.isAssignableFrom(type);
	}

	/**
	 * Reject the values the health indicator and the metrics cannot work with, each as an error on its field whose
	 * message names the property.
	 * @param target these properties
	 * @param errors where to report
	 */
	@Override
	public void validate(Object target, Errors errors) {
		BinlogOperationsProperties properties = (BinlogOperationsProperties) target;
		BinlogPropertiesValidator.rejectIfNegative(errors, "health.disconnectedThreshold",
				"binlog.health.disconnected-threshold", properties.getHealth().getDisconnectedThreshold(),
				"DOWN as soon as the connection is lost");
		BinlogPropertiesValidator.rejectUnlessPositive(errors, "health.stallTimeout", "binlog.health.stall-timeout",
				properties.getHealth().getStallTimeout());
		if (properties.getMetrics().getMaxTables() < 0) {
			errors.rejectValue("metrics.maxTables", "notNegative", "binlog.metrics.max-tables must not be negative; "
					+ "set it to 0 (all tables share the tags schema=other, table=other) or more.");
		}
	}

	/**
	 * Health indicator settings.
	 */
	public static class Health {

		/**
		 * How long a lost connection may take to come back before the health is DOWN.
		 */
		private Duration disconnectedThreshold = Duration.ofSeconds(30);

		/**
		 * How long without any event or heartbeat, while the server writes more, before the health is DOWN as
		 * stalled. Longer than binlog.heartbeat-interval.
		 */
		private Duration stallTimeout = Duration.ofMinutes(2);

		public Duration getDisconnectedThreshold() {
			return this.disconnectedThreshold;
		}

		public void setDisconnectedThreshold(Duration disconnectedThreshold) {
			this.disconnectedThreshold = disconnectedThreshold;
		}

		public Duration getStallTimeout() {
			return this.stallTimeout;
		}

		public void setStallTimeout(Duration stallTimeout) {
			this.stallTimeout = stallTimeout;
		}

	}

	/**
	 * Metrics settings.
	 */
	public static class Metrics {

		/**
		 * How many tables get meters tagged with their own schema and table; further tables share the tags
		 * schema=other, table=other.
		 */
		private int maxTables = 100;

		public int getMaxTables() {
			return this.maxTables;
		}

		public void setMaxTables(int maxTables) {
			this.maxTables = maxTables;
		}

	}

	/**
	 * Actuator endpoint settings.
	 */
	public static class Endpoint {

		/**
		 * Whether POST /actuator/binlog/restart may move the stream to another position.
		 */
		private boolean restartEnabled = false;

		public boolean isRestartEnabled() {
			return this.restartEnabled;
		}

		public void setRestartEnabled(boolean restartEnabled) {
			this.restartEnabled = restartEnabled;
		}

		/**
		 * Whether POST /actuator/binlog/snapshot may snapshot named tables, optionally with a WHERE condition.
		 */
		private boolean snapshotEnabled = false;

		public boolean isSnapshotEnabled() {
			return this.snapshotEnabled;
		}

		public void setSnapshotEnabled(boolean snapshotEnabled) {
			this.snapshotEnabled = snapshotEnabled;
		}

	}

}
