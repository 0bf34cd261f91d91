package dev.binlog.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.binlog.spring.cluster.BinlogLeadership;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/binlog}: the container's status, position and snapshot progress (GET), and {@code pause},
 * {@code resume}, when {@code binlog.endpoint.restart-enabled=true} {@code restart} from a given position, and when
 * {@code binlog.endpoint.snapshot-enabled=true} {@code snapshot} of named tables (POST
 * {@code /actuator/binlog/{action}}).
 */
@Endpoint(id = "binlog")
public class BinlogEndpoint {

	private final BinlogListenerContainer container;

	private final boolean restartEnabled;

	private volatile @Nullable BinlogLeadership leadership;

	private volatile boolean snapshotEnabled;

	/**
	 * Create the endpoint.
	 * @param container the container
	 * @param restartEnabled whether the restart operation is allowed
	 */
	public BinlogEndpoint(BinlogListenerContainer container, boolean restartEnabled) {
		this.container = container;
		this.restartEnabled = restartEnabled;
	}

	/**
	 * Return the status.
	 * @return the status as a map
	 */
	@ReadOperation
	public Map<String, Object> status() {
		ContainerStatus status = this.container.getStatus();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("state", status.state().name());
		result.put("server", status.server());
		result.put("connected", status.connected());
		put(result, "committedPosition", status.committedPosition());
		put(result, "currentPosition", status.currentPosition());
		put(result, "savedPosition", status.savedPosition());
		put(result, "lastEventTime", status.lastEventTime());
		if (status.lag() != null) {
			result.put("lagMillis", status.lag().toMillis());
		}
		result.put("reconnects", status.reconnects());
		result.put("listenerFailures", status.listenerFailures());
		result.put("skippedEvents", status.skippedEvents());
		put(result, "lastError", status.lastError());
		result.put("snapshots", this.container.snapshots().progress()
			.details(this.container.snapshots().remainingTables()));
		BinlogLeadership election = this.leadership;
		if (election != null) {
			result.put("role", election.role().name().toLowerCase(java.util.Locale.ROOT));
			result.put("roleSince", election.since());
			result.put("instance", election.instanceId());
			put(result, "leader", election.leader().orElse(null));
		}
		return result;
	}

	/**
	 * Show the role in the leader election, the leader's identity and since when this instance has its role.
	 * @param leadership the election of this instance, or {@code null} without election
	 */
	public void setLeadership(@Nullable BinlogLeadership leadership) {
		this.leadership = leadership;
	}

	/**
	 * Allow the snapshot operation.
	 * @param snapshotEnabled whether snapshots may be asked for
	 */
	public void setSnapshotEnabled(boolean snapshotEnabled) {
		this.snapshotEnabled = snapshotEnabled;
	}

	/**
	 * Pause, resume or restart the stream, or snapshot tables. A request that cannot be carried out is refused with status 400 and a
	 * body whose {@code message} says why, before anything is changed.
	 * @param action {@code pause}, {@code resume} or {@code restart}
	 * @param position with {@code restart}: where to continue, in the {@code binlog.start-position} forms
	 * @param tables with {@code snapshot}: the tables, {@code schema.table}, separated by commas
	 * @param where with {@code snapshot}: a SQL condition that limits the rows, or {@code null} for every row
	 * @return the status after the action, or the refusal
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> control(@Selector String action, @Nullable String position,
			@Nullable String tables, @Nullable String where) {
		switch (action) {
			case "snapshot" -> {
				String refusal = SnapshotRequests.request(this.container, this.snapshotEnabled, tables, where);
				if (refusal != null) {
					return refused(refusal);
				}
			}
			case "pause" -> this.container.pause();
			case "resume" -> this.container.resume();
			case "restart" -> {
				if (!this.restartEnabled) {
					return refused("Restarting from a position is disabled; set binlog.endpoint.restart-enabled=true "
							+ "to allow it.");
				}
				if (position == null || position.isBlank()) {
					return refused("No position given; post {\"position\": ...} with 'mysql-bin.000003:4', "
							+ "'gtid:0-1-42', 'time:2026-12-01T08:00:00Z', 'earliest' or 'latest'.");
				}
				StartPosition start;
				// the whole position is checked before the container is asked to move: a GTID set the binlog client
				// cannot use would otherwise only fail on its reader thread, after the old position was given up
				try {
					start = StartPosition.parse(position, "position");
				}
				catch (BinlogStreamException ex) {
					return refused(ex.getDescription() + " " + ex.getAction());
				}
				try {
					this.container.restartFrom(start);
				}
				catch (BinlogStreamException ex) {
					// the exception's action speaks of configured and saved positions; here the request is the fix
					return refused(ex.getDescription() + " The stream goes on where it was; post a position the "
							+ "server can stream from: 'earliest', 'latest', a time within its binlog, or a file and "
							+ "the offset of an event's start (SHOW BINLOG EVENTS).");
				}
			}
			default -> {
				return refused("Unknown action '" + action + "'; use pause, resume, restart or snapshot.");
			}
		}
		return new WebEndpointResponse<>(status());
	}

	// Spring Boot's error page leaves out the reason of an InvalidEndpointRequestException (server.error.include-message
	// is 'never' by default), so the refusal carries its own body
	private static WebEndpointResponse<Map<String, Object>> refused(String reason) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
		body.put("error", "Bad Request");
		body.put("message", reason);
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	private static void put(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value.toString());
		}
	}

}
