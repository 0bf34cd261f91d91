package dev.binlog.spring.actuate;

import java.util.ArrayList;
import java.util.List;

import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import org.jspecify.annotations.Nullable;

/**
 * The endpoint's {@code snapshot} operation: checks the whole request before a single table is asked for, so that a
 * refused request changes nothing.
 */
final class SnapshotRequests {

	private SnapshotRequests() {
	}

	/**
	 * Ask the container to snapshot the named tables.
	 * @param container the container
	 * @param enabled whether {@code binlog.endpoint.snapshot-enabled} allows it
	 * @param tables {@code schema.table} names separated by commas
	 * @param where a condition for every table's rows, or {@code null}
	 * @return why the request is refused, or {@code null} if the tables were asked for
	 */
	static @Nullable String request(BinlogListenerContainer container, boolean enabled, @Nullable String tables,
			@Nullable String where) {
		if (!enabled) {
			return "Snapshots through the endpoint are disabled; set binlog.endpoint.snapshot-enabled=true to allow "
					+ "them.";
		}
		if (tables == null || tables.isBlank()) {
			return "No tables given; post {\"tables\": \"shop.orders,shop.items\", \"where\": \"id > 1000\"} "
					+ "(where is optional).";
		}
		List<String[]> names = new ArrayList<>();
		for (String name : tables.split(",")) {
			String[] parts = name.trim().split("\\.", 2);
			if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
				return "'" + name.trim() + "' is not a schema.table name.";
			}
			names.add(parts);
		}
		ContainerState state = container.getStatus().state();
		if (state == ContainerState.STOPPED || state == ContainerState.FAILED || state == ContainerState.STARTING) {
			return "The binlog container is not running (" + state + ").";
		}
		String condition = (where != null && !where.isBlank()) ? where : null;
		try {
			// every table is checked before any is asked for: a refusal asks for none
			for (String[] name : names) {
				container.snapshots().check(name[0], name[1]);
			}
			for (String[] name : names) {
				container.snapshots().snapshot(name[0], name[1], condition);
			}
		}
		catch (BinlogStreamException ex) {
			return ex.getDescription() + " " + ex.getAction();
		}
		catch (IllegalStateException ex) {
			return ex.getMessage();
		}
		return null;
	}

}
