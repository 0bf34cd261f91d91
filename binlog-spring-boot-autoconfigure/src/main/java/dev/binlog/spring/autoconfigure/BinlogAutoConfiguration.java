package dev.binlog.spring.autoconfigure;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.connection.BinlogConnectionDetails;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.BinlogTls;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerSettings;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.dispatch.BinlogListenerFactory;
import dev.binlog.spring.dispatch.RowListenerDetector;
import dev.binlog.spring.position.BinlogPositionStore;
import dev.binlog.spring.position.InMemoryBinlogPositionStore;
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
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the binlog listener container: streams the MySQL/MariaDB binlog and publishes row
 * changes as application events.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(BinaryLogClient.class)
@ConditionalOnBooleanProperty(name = "binlog.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BinlogProperties.class)
@Import({ BinlogJdbcPositionStoreConfiguration.class, BinlogSslConfiguration.class })
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
	BinlogEventDispatcher binlogEventDispatcher(ApplicationEventPublisher publisher, BinlogListenerFactory listeners,
			BinlogProperties properties) {
		return new BinlogEventDispatcher(publisher, listeners.getRegistry(),
				Boolean.TRUE.equals(properties.getRowEvents()));
	}

	@Bean
	@ConditionalOnMissingBean
	BinlogPositionStore binlogPositionStore(BinlogProperties properties) {
		if (properties.getPosition().getStore() == BinlogPositionProperties.Store.JDBC) {
			throw new BinlogStreamException("binlog.position.store=jdbc, but there is no DataSource for the position "
					+ "table, or Spring Data JDBC is not on the class path.",
					"Define a DataSource (spring.datasource.url, or a bean qualified @BinlogDataSource) and add "
							+ "org.springframework.data:spring-data-jdbc, or set binlog.position.store=memory.");
		}
		logger.info("Binlog positions are kept in memory: a restart starts from binlog.start-position again");
		return new InMemoryBinlogPositionStore();
	}

	@Bean
	@ConditionalOnMissingBean
	BinlogListenerContainer binlogListenerContainer(BinlogConnectionDetails connectionDetails,
			BinlogEventDispatcher dispatcher, BinlogPositionStore positionStore, BinlogProperties properties,
			ObjectProvider<BinaryLogClientCustomizer> customizers, BinlogListenerFactory listeners,
			ConfigurableApplicationContext context, ObjectProvider<BinlogTls> tls) {
		BinlogServer server = new BinlogServer(connectionDetails, properties.getConnectTimeout(),
				context.getClassLoader(), tls.getIfAvailable());
		ContainerSettings settings = properties.toSettings(serverId(properties));
		BooleanSupplier rowListenerDetector = (properties.getRowEvents() != null) ? null
				: () -> RowListenerDetector.hasRowListeners(context, listeners.getRegistry());
		return new BinlogListenerContainer(connectionDetails, server, dispatcher, positionStore, settings,
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
