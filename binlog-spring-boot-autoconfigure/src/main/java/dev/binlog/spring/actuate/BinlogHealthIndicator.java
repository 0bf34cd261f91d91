package dev.binlog.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.cluster.BinlogLeadership;
import dev.binlog.spring.cluster.BinlogRole;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of a {@link BinlogListenerContainer}: UP while it streams (or is paused on purpose), DOWN when it stopped
 * on an error, has been disconnected for longer than a threshold, or is stalled (no event and no heartbeat for a
 * while although the server wrote more), OUT_OF_SERVICE when stopped, UNKNOWN while starting. Details never
 * contain credentials.
 */
public class BinlogHealthIndicator extends AbstractHealthIndicator {

	private final BinlogListenerContainer container;

	private final Duration disconnectedThreshold;

	private final Duration stallTimeout;

	private volatile @Nullable BinlogLeadership leadership;

	/**
	 * Create an indicator.
	 * @param container the container
	 * @param disconnectedThreshold how long a lost connection may take to come back before DOWN
	 * @param stallTimeout how long without any event or heartbeat, while the server writes, before DOWN
	 */
	public BinlogHealthIndicator(BinlogListenerContainer container, Duration disconnectedThreshold,
			Duration stallTimeout) {
		super("Binlog health check failed");
		this.container = container;
		this.disconnectedThreshold = disconnectedThreshold;
		this.stallTimeout = stallTimeout;
	}

	/**
	 * Show the role in the leader election: a standby instance is UP (healthy, not streaming), a leader is checked
	 * like a single instance.
	 * @param leadership the election of this instance, or {@code null} without election
	 */
	public void setLeadership(@Nullable BinlogLeadership leadership) {
		this.leadership = leadership;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		BinlogLeadership election = this.leadership;
		if (election != null) {
			builder.withDetail("role", election.role().name().toLowerCase(Locale.ROOT))
				.withDetail("roleSince", election.since().toString());
			if (election.role() == BinlogRole.STANDBY) {
				builder.up().withDetail("instance", election.instanceId());
				election.leader().ifPresent((leader) -> builder.withDetail("leader", leader));
				return;
			}
		}
		ContainerStatus status = this.container.getStatus();
		details(builder, status);
		builder.withDetail("snapshots", this.container.snapshots().progress()
			.details(this.container.snapshots().remainingTables()));
		Duration silence = (status.lastEventTime() != null) ? Duration.between(status.lastEventTime(), Instant.now())
				: null;
		switch (status.state()) {
			case FAILED -> builder.down().withDetail("reason", String.valueOf(status.lastError()));
			case STOPPED -> builder.outOfService();
			case STARTING -> builder.unknown();
			case PAUSED -> builder.up();
			case RECONNECTING -> {
				if (silence != null && silence.compareTo(this.disconnectedThreshold) > 0) {
					builder.down()
						.withDetail("reason", "disconnected for " + silence.toSeconds() + " s (threshold "
								+ this.disconnectedThreshold.toSeconds() + " s)"
								+ ((status.lastError() != null) ? ": " + status.lastError() : ""));
				}
				else {
					builder.up();
				}
			}
			case STREAMING -> {
				if (silence != null && silence.compareTo(this.stallTimeout) > 0 && serverMovedOn(status)) {
					builder.down()
						.withDetail("reason", "stalled: no event or heartbeat for " + silence.toSeconds()
								+ " s although the server wrote more; a listener may be blocked");
				}
				else {
					builder.up();
				}
			}
		}
	}

	private boolean serverMovedOn(ContainerStatus status) {
		BinlogPosition server = this.container.serverPosition();
		BinlogPosition current = status.currentPosition();
		return current == null || !server.file().equals(current.file()) || server.position() > current.position();
	}

	private static void details(Health.Builder builder, ContainerStatus status) {
		builder.withDetail("state", status.state().name()).withDetail("server", status.server());
		builder.withDetail("connected", status.connected());
		if (status.committedPosition() != null) {
			builder.withDetail("position", status.committedPosition().file() + ":" + status.committedPosition().position());
			if (status.committedPosition().gtidSet() != null) {
				builder.withDetail("gtidSet", status.committedPosition().gtidSet());
			}
		}
		if (status.savedPosition() != null) {
			builder.withDetail("savedPosition", status.savedPosition().toString());
		}
		if (status.lastEventTime() != null) {
			builder.withDetail("lastEventTime", status.lastEventTime().toString());
		}
		if (status.lag() != null) {
			builder.withDetail("lagMillis", status.lag().toMillis());
		}
		builder.withDetail("reconnects", status.reconnects());
		builder.withDetail("listenerFailures", status.listenerFailures());
		builder.withDetail("skippedEvents", status.skippedEvents());
		if (status.lastError() != null) {
			builder.withDetail("lastError", status.lastError());
		}
	}

}
