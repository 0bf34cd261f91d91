package dev.binlog.spring.autoconfigure;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.connection.BinlogConnectionDetails;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.dispatch.BinlogListenerFactory;
import dev.binlog.spring.dispatch.RowListenerDetector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the binlog listener container: streams the MySQL/MariaDB binlog and publishes row
 * changes as application events.
 */
@AutoConfiguration
@ConditionalOnClass(BinaryLogClient.class)
@ConditionalOnBooleanProperty(name = "binlog.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BinlogProperties.class)
public final class BinlogAutoConfiguration {

	private static final Log logger = LogFactory.getLog(BinlogAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(BinlogConnectionDetails.class)
	PropertiesBinlogConnectionDetails binlogConnectionDetails(BinlogProperties properties, Environment environment) {
		return new PropertiesBinlogConnectionDetails(properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	static BinlogListenerFactory binlogListenerFactory() {
		return new BinlogListenerFactory();
	}

	@Bean
	@ConditionalOnMissingBean
	BinlogEventDispatcher binlogEventDispatcher(ApplicationEventPublisher publisher, BinlogProperties properties) {
		return new BinlogEventDispatcher(publisher, Boolean.TRUE.equals(properties.getRowEvents()));
	}

	@Bean
	@ConditionalOnMissingBean
	BinlogListenerContainer binlogListenerContainer(BinlogConnectionDetails connectionDetails,
			BinlogEventDispatcher dispatcher, BinlogProperties properties,
			ObjectProvider<BinaryLogClientCustomizer> customizers, ConfigurableApplicationContext context) {
		BinlogServer server = new BinlogServer(connectionDetails, properties.getConnectTimeout(),
				context.getClassLoader());
		BinlogListenerContainer.Settings settings = new BinlogListenerContainer.Settings(serverId(properties),
				properties.getConnectTimeout(), properties.getHeartbeatInterval(), properties.getKeepAliveInterval(),
				StartPosition.parse(properties.getStartPosition()), properties.getInclude(), properties.getExclude(),
				properties.isAutoStartup(), properties.getDecoding().toOptions());
		BooleanSupplier rowListenerDetector = (properties.getRowEvents() != null) ? null
				: () -> RowListenerDetector.hasRowListeners(context);
		return new BinlogListenerContainer(connectionDetails, server, dispatcher, settings,
				customizers.orderedStream().toList(), rowListenerDetector);
	}

	private static long serverId(BinlogProperties properties) {
		if (properties.getServerId() != null) {
			return properties.getServerId();
		}
		long id = ThreadLocalRandom.current().nextLong(100_000, 1L << 31);
		logger.info("binlog.server-id is not set; using " + id + ". Set it to a fixed id that no other replica of "
				+ "the server uses.");
		return id;
	}

}
