package dev.binlog.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.container.ContainerSettings;
import dev.binlog.spring.container.ListenerFailureAction;
import dev.binlog.spring.container.OnMissingPosition;
import dev.binlog.spring.decoding.DecodingOptions;
import dev.binlog.spring.snapshot.SnapshotMode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

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

	// each value as the README's property tables give it
	@Test
	void unsetPropertiesHaveTheDefaultsTheReadmeDocuments() {
		BinlogProperties binlog = bind(Map.of());
		assertThat(binlog.isEnabled()).isTrue();
		assertThat(binlog.isAutoStartup()).isTrue();
		assertThat(binlog.getConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(binlog.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
		assertThat(binlog.getKeepAliveInterval()).isEqualTo(Duration.ofMinutes(1));
		assertThat(binlog.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(binlog.getInclude()).isEmpty();
		assertThat(binlog.getExclude()).containsExactly("mysql\\..*");
		assertThat(binlog.getStartPosition()).isEqualTo("latest");
		assertThat(binlog.getRowEvents()).isNull();
		assertThat(binlog.getReconnect().getGiveUpAfter()).isEqualTo(Duration.ofMinutes(5));
		assertThat(binlog.getDecoding().getZeroDates()).isEqualTo(DecodingOptions.ZeroDates.NULL);
		assertThat(binlog.getDecoding().getInvalidDates()).isEqualTo(DecodingOptions.InvalidDates.FAIL);
		assertThat(binlog.getDecoding().getBigintUnsigned()).isEqualTo(DecodingOptions.BigintUnsigned.BIG_INTEGER);
		assertThat(binlog.getSnapshot().getMode()).isEqualTo(SnapshotMode.NEVER);
		ContainerSettings settings = binlog.toSettings(42);
		assertThat(settings.startPosition()).isEqualTo(StartPosition.LATEST);
		assertThat(settings.positionName()).isEqualTo("default");
		assertThat(settings.saveInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(settings.onMissingPosition()).isEqualTo(OnMissingPosition.FAIL);
		assertThat(settings.useGtid()).isTrue();
		assertThat(settings.listenerFailure().action()).isEqualTo(ListenerFailureAction.RETRY);
		assertThat(settings.listenerFailure().maxAttempts()).isEqualTo(3);
		assertThat(settings.listenerFailure().backoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(binlog.getPosition().getStore()).isEqualTo(BinlogPositionProperties.Store.AUTO);

		BinlogPositionJdbcProperties positionTable = bind("binlog.position", BinlogPositionJdbcProperties.class);
		assertThat(positionTable.getTableName()).isEqualTo("binlog_position");
		assertThat(positionTable.getInitializeSchema()).isEqualTo(DatabaseInitializationMode.EMBEDDED);

		BinlogDeliveryProperties delivery = bind("binlog.delivery", BinlogDeliveryProperties.class);
		assertThat(delivery.getMode()).isEqualTo(BinlogDeliveryProperties.DeliveryMode.AT_LEAST_ONCE);
		assertThat(delivery.getTransactionManager()).isNull();
		assertThat(delivery.getGroup().getMaxRows()).isEqualTo(1000);
		assertThat(delivery.getGroup().getMaxDuration()).isEqualTo(Duration.ofMillis(200));

		BinlogClusterProperties cluster = bind("binlog.cluster", BinlogClusterProperties.class);
		assertThat(cluster.isEnabled()).isFalse();
		assertThat(cluster.getLockTimeToLive()).isEqualTo(Duration.ofSeconds(10));
		assertThat(cluster.getHeartbeatInterval()).isEqualTo(Duration.ofMillis(500));
		BinlogLockJdbcProperties lockTable = bind("binlog.cluster.jdbc", BinlogLockJdbcProperties.class);
		assertThat(lockTable.getInitializeSchema()).isEqualTo(DatabaseInitializationMode.EMBEDDED);
		assertThat(lockTable.getTablePrefix()).isEqualTo("INT_");
		assertThat(lockTable.getRegion()).isEqualTo("DEFAULT");

		BinlogOperationsProperties operations = bind("binlog", BinlogOperationsProperties.class);
		assertThat(operations.getHealth().getDisconnectedThreshold()).isEqualTo(Duration.ofSeconds(30));
		assertThat(operations.getHealth().getStallTimeout()).isEqualTo(Duration.ofMinutes(2));
		assertThat(operations.getMetrics().getMaxTables()).isEqualTo(100);
		assertThat(operations.getEndpoint().isRestartEnabled()).isFalse();
		assertThat(operations.getEndpoint().isSnapshotEnabled()).isFalse();
	}

	private static <T> T bind(String prefix, Class<T> type) {
		return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate(prefix, type);
	}

	private static BinlogProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("binlog",
				BinlogProperties.class);
	}

}
