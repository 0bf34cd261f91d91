package dev.binlog.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.binlog.spring.container.ContainerSettings;
import dev.binlog.spring.container.ListenerFailureAction;
import dev.binlog.spring.container.OnMissingPosition;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container settings are built once from the {@code binlog.*} properties.
 */
class BinlogPropertiesTests {

	@Test
	void settingsCarryThePositionAndFailurePolicies() {
		ContainerSettings settings = bind(Map.of("binlog.position.save-interval", "250ms",
				"binlog.position.on-missing", "earliest", "binlog.listener-failure.action", "skip",
				"binlog.listener-failure.max-attempts", "0"))
			.toSettings(42);
		assertThat(settings.serverId()).isEqualTo(42);
		assertThat(settings.saveInterval()).isEqualTo(Duration.ofMillis(250));
		assertThat(settings.onMissingPosition()).isEqualTo(OnMissingPosition.EARLIEST);
		assertThat(settings.listenerFailure().action()).isEqualTo(ListenerFailureAction.SKIP);
		assertThat(settings.listenerFailure().maxAttempts()).isOne();
	}

	@Test
	void theDeprecatedFlushIntervalStillSetsTheSaveInterval() {
		assertThat(bind(Map.of("binlog.position.flush-interval", "0")).toSettings(42).saveInterval())
			.isEqualTo(Duration.ZERO);
	}

	private static BinlogProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("binlog",
				BinlogProperties.class);
	}

}
