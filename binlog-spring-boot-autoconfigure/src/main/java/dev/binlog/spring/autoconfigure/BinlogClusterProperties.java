package dev.binlog.spring.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of leader election among instances that share a position record.
 */
@ConfigurationProperties("binlog.cluster")
public class BinlogClusterProperties implements Validator {

	/**
	 * Whether instances sharing a position record elect one leader that streams while the others stand by. Needs
	 * Spring Integration: spring-integration-jdbc for the lock table, or a LockRegistry bean.
	 */
	private boolean enabled;

	/**
	 * Identity of this instance in the election, in the position record's owner column and in the actuator.
	 * Defaults to the host name, the process id and a random suffix.
	 */
	private @Nullable String instanceId;

	/**
	 * How long the lock of a leader that stopped renewing it (a killed or paused process) holds before another
	 * instance can take over. Used by the default JDBC lock registry only.
	 */
	private Duration lockTimeToLive = Duration.ofSeconds(10);

	/**
	 * How often the leader renews its lock, and how long a standby instance waits for the lock at a time.
	 */
	private Duration heartbeatInterval = Duration.ofMillis(500);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public Duration getLockTimeToLive() {
		return this.lockTimeToLive;
	}

	public void setLockTimeToLive(Duration lockTimeToLive) {
		this.lockTimeToLive = lockTimeToLive;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	@Override
	public boolean supports(Class<?> type) {
		return BinlogClusterProperties.class.isAssignableFrom(type);
	}

	/**
	 * Reject lock timings the election cannot work with, naming the property.
	 * @param target these properties
	 * @param errors where to report
	 */
	@Override
	public void validate(Object target, Errors errors) {
		BinlogClusterProperties properties = (BinlogClusterProperties) target;
		BinlogPropertiesValidator.rejectUnlessPositive(errors, "lockTimeToLive", "binlog.cluster.lock-time-to-live",
				properties.getLockTimeToLive());
		BinlogPropertiesValidator.rejectUnlessPositive(errors, "heartbeatInterval",
				"binlog.cluster.heartbeat-interval", properties.getHeartbeatInterval());
		Duration ttl = properties.getLockTimeToLive();
		Duration heartbeat = properties.getHeartbeatInterval();
		if (ttl != null && heartbeat != null && !ttl.isNegative() && !heartbeat.isNegative() && !heartbeat.isZero()
				&& heartbeat.compareTo(ttl) >= 0) {
			errors.rejectValue("heartbeatInterval", "order", "binlog.cluster.heartbeat-interval (" + heartbeat
					+ ") must be shorter than binlog.cluster.lock-time-to-live (" + ttl + "), else the leader's lock "
					+ "expires between two renewals and another instance takes over while it still streams; set it "
					+ "to a fraction of the time to live, such as a tenth.");
		}
	}

}
