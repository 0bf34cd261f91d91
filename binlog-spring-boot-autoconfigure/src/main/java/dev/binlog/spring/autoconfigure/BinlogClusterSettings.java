package dev.binlog.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.binlog.spring.container.ContainerSettings;

import org.springframework.core.env.Environment;

/**
 * What leader election changes in the container's settings. Apart from the election's auto-configuration, so that
 * the container's can apply it without Spring Integration on the class path.
 */
final class BinlogClusterSettings {

	private BinlogClusterSettings() {
	}

	/**
	 * Return the settings of a container that the election starts and stops, if election is enabled.
	 * @param settings the settings from the {@code binlog.*} properties
	 * @param environment where {@code binlog.cluster.*} is read
	 * @return the settings to use
	 */
	static ContainerSettings apply(ContainerSettings settings, Environment environment) {
		if (!environment.getProperty("binlog.cluster.enabled", Boolean.class, false)) {
			return settings;
		}
		// the lock table may live in the watched server: its renewals, twice a second, are never published
		String lockTable = environment.getProperty("binlog.cluster.jdbc.table-prefix", "INT_") + "LOCK";
		List<String> exclude = new ArrayList<>(settings.exclude());
		exclude.add("(?i)[^.]+\\." + Pattern.quote(lockTable));
		return new ContainerSettings(settings.serverId(), settings.connectTimeout(), settings.heartbeatInterval(),
				settings.keepAliveInterval(), settings.shutdownTimeout(), settings.reconnectGiveUpAfter(),
				settings.startPosition(), settings.include(), exclude, false, settings.decoding(),
				settings.positionName(), settings.saveInterval(), settings.onMissingPosition(), settings.useGtid(),
				settings.listenerFailure());
	}

}
