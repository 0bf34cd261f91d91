package dev.binlog.spring.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of how changes are delivered: at least once, or exactly once into the position's
 * database (transactional).
 */
@ConfigurationProperties("binlog.delivery")
public class BinlogDeliveryProperties implements Validator {

	/**
	 * 'at-least-once' saves the position after the listeners returned, so a restart may deliver a transaction
	 * again; 'transactional' runs the listeners in a transaction of the position DataSource and writes the position
	 * in it, so their effects in that database happen exactly once.
	 */
	private DeliveryMode mode = DeliveryMode.AT_LEAST_ONCE;

	/**
	 * Name of the PlatformTransactionManager bean of transactional delivery, when the application has more than
	 * one. Its DataSource must be the position DataSource.
	 */
	private @Nullable String transactionManager;

	private final Group group = new Group();

	public DeliveryMode getMode() {
		return this.mode;
	}

	public void setMode(DeliveryMode mode) {
		this.mode = mode;
	}

	public @Nullable String getTransactionManager() {
		return this.transactionManager;
	}

	public void setTransactionManager(@Nullable String transactionManager) {
		this.transactionManager = transactionManager;
	}

	public Group getGroup() {
		return this.group;
	}

	/**
	 * How delivery is guaranteed.
	 */
	public enum DeliveryMode {

		/**
		 * The position is saved after the listeners returned; listeners must be idempotent.
		 */
		AT_LEAST_ONCE,

		/**
		 * Listeners and the position write share one transaction of the position DataSource.
		 */
		TRANSACTIONAL

	}

	@Override
	public boolean supports(Class<?> type) {
		return BinlogDeliveryProperties.class.isAssignableFrom(type);
	}

	/**
	 * Reject group bounds a delivery cannot run with, naming the property.
	 * @param target these properties
	 * @param errors where to report
	 */
	@Override
	public void validate(Object target, Errors errors) {
		BinlogDeliveryProperties properties = (BinlogDeliveryProperties) target;
		if (properties.getGroup().getMaxRows() < 1) {
			errors.rejectValue("group.maxRows", "range", "binlog.delivery.group.max-rows must be at least 1; set it "
					+ "to 1 to commit every binlog transaction on its own, or more to group them.");
		}
		BinlogPropertiesValidator.rejectIfNegative(errors, "group.maxDuration", "binlog.delivery.group.max-duration",
				properties.getGroup().getMaxDuration(), "commit at the end of every binlog transaction");
	}

	/**
	 * Bounds of a group of consecutive binlog transactions delivered in one database transaction.
	 */
	public static class Group {

		/**
		 * Rows after which a group commits, at the end of the binlog transaction that reached it. 1 commits every
		 * binlog transaction on its own. A group also commits whenever the stream has no more events to read.
		 */
		private int maxRows = 1000;

		/**
		 * How long a group stays open at most while events keep arriving, checked at the end of each binlog
		 * transaction.
		 */
		private Duration maxDuration = Duration.ofMillis(200);

		public int getMaxRows() {
			return this.maxRows;
		}

		public void setMaxRows(int maxRows) {
			this.maxRows = maxRows;
		}

		public Duration getMaxDuration() {
			return this.maxDuration;
		}

		public void setMaxDuration(Duration maxDuration) {
			this.maxDuration = maxDuration;
		}

	}

}
