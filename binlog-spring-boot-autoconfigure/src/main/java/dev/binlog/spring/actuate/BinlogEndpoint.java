package dev.binlog.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/binlog}: the container's status and position (GET), and {@code pause}, {@code resume} and, when
 * {@code binlog.endpoint.restart-enabled=true}, {@code restart} from a given position (POST
 * {@code /actuator/binlog/{action}}).
 */
@Endpoint(id = "binlog")
public class BinlogEndpoint {

	private final BinlogListenerContainer container;

	private final boolean restartEnabled;

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
		put(result, "lagMillis", (status.lag() != null) ? status.lag().toMillis() : null);
		result.put("reconnects", status.reconnects());
		result.put("listenerFailures", status.listenerFailures());
		result.put("skippedEvents", status.skippedEvents());
		put(result, "lastError", status.lastError());
		return result;
	}

	/**
	 * Pause, resume or restart the stream.
	 * @param action {@code pause}, {@code resume} or {@code restart}
	 * @param position with {@code restart}: where to continue, in the {@code binlog.start-position} forms
	 * @return the status after the action
	 */
	@WriteOperation
	public Map<String, Object> control(@Selector String action, @Nullable String position) {
		switch (action) {
			case "pause" -> this.container.pause();
			case "resume" -> this.container.resume();
			case "restart" -> {
				if (!this.restartEnabled) {
					throw new InvalidEndpointRequestException("Restarting from a position is disabled",
							"Restarting from a position is disabled; set binlog.endpoint.restart-enabled=true to allow it");
				}
				if (position == null) {
					throw new InvalidEndpointRequestException("No position", "Give a 'position' such as "
							+ "'mysql-bin.000003:4', 'gtid:0-1-42', 'earliest' or 'latest'");
				}
				try {
					this.container.restartFrom(StartPosition.parse(position));
				}
				catch (BinlogStreamException ex) {
					throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
				}
			}
			default -> throw new InvalidEndpointRequestException("Unknown action " + action,
					"Unknown action '" + action + "'; use pause, resume or restart");
		}
		return status();
	}

	private static void put(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value.toString());
		}
	}

}
