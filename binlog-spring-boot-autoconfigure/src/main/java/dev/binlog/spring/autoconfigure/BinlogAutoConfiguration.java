package dev.binlog.spring.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.BinlogTls;
import dev.binlog.spring.connection.StartPosition;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerSettings;
import dev.binlog.spring.container.TransactionalDelivery;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.dispatch.BinlogListenerFactory;
import dev.binlog.spring.dispatch.RowListenerDetector;
import dev.binlog.spring.position.BinlogPositionStore;
import dev.binlog.spring.position.InMemoryBinlogPositionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the binlog listener container: streams the MySQL/MariaDB binlog and publishes row
 * changes as application events.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(BinaryLogClient.class)
@ConditionalOnBooleanProperty(name = "binlog.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BinlogProperties.class)
@Import({ BinlogConnectionDetailsConfiguration.class, BinlogJdbcPositionStoreConfiguration.class,
		BinlogSslConfiguration.class, BinlogTransactionalDeliveryConfiguration.class,
		BinlogEntityConfiguration.class })
public final class BinlogAutoConfiguration {

	private static final Log logger = LogFactory.getLog(BinlogAutoConfiguration.class);

	private static final String SPRING_DATA_JDBC = "org.springframework.data.jdbc.core.JdbcAggregateTemplate";

	private static final String BOOT_JDBC = "org.springframework.boot.jdbc.init.DatabaseInitializationProperties";

	private static final String BOOT_SQL = "org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer";

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

	// the JDBC store (BinlogJdbcPositionStoreConfiguration) comes first; this one is the explicit choice of memory
	@Bean
	@ConditionalOnMissingBean
	BinlogPositionStore binlogPositionStore(BinlogProperties properties, ConfigurableApplicationContext context) {
		BinlogPositionProperties.Store store = properties.getPosition().getStore();
		if (store != BinlogPositionProperties.Store.MEMORY) {
			throw noPositionTable(store, context);
		}
		logger.info("Binlog positions are kept in memory (binlog.position.store=memory): a restart starts from "
				+ "binlog.start-position again, and changes written while the application was down are not delivered");
		return new InMemoryBinlogPositionStore();
	}

	/**
	 * Explain why the JDBC position store could not be set up. Positions in memory lose what was written while the
	 * application was down, so they are never a silent fallback.
	 */
	private static BinlogStreamException noPositionTable(BinlogPositionProperties.Store store,
			ConfigurableApplicationContext context) {
		ClassLoader classLoader = context.getClassLoader();
		String setting = "binlog.position.store is '" + store.name().toLowerCase(Locale.ROOT) + "'";
		String loss = " Positions kept in memory would make every restart skip the changes written while the "
				+ "application was down.";
		String memory = " To keep positions in memory all the same, set binlog.position.store=memory.";
		if (!ClassUtils.isPresent(SPRING_DATA_JDBC, classLoader)) {
			return new BinlogStreamException(setting + ", but Spring Data JDBC, which saves the position table, "
					+ "is not on the class path." + loss,
					"Add the dependency org.springframework.data:spring-data-jdbc (binlog-spring-boot-starter "
							+ "brings it)." + memory);
		}
		if (!ClassUtils.isPresent(BOOT_JDBC, classLoader) || !ClassUtils.isPresent(BOOT_SQL, classLoader)) {
			return new BinlogStreamException(setting + ", but Spring Boot's JDBC support (spring-boot-jdbc), "
					+ "which creates the DataSource and the position table, is not on the class path." + loss,
					"Add the dependency org.springframework.boot:spring-boot-starter-jdbc." + memory);
		}
		String[] dataSources = context.getBeanFactory().getBeanNamesForType(DataSource.class);
		if (dataSources.length == 0) {
			boolean urlWithoutPool = context.getEnvironment().containsProperty("spring.datasource.url")
					&& !hasConnectionPool(classLoader);
			return new BinlogStreamException(setting + ", but the application has no DataSource for the position "
					+ "table" + (urlWithoutPool ? ": spring.datasource.url is set, but no connection pool is on the "
							+ "class path, so Spring Boot creates no DataSource from it." : ".")
					+ loss,
					"Add a connection pool, such as HikariCP with org.springframework.boot:spring-boot-starter-jdbc, "
							+ "so that spring.datasource.url gives the application a DataSource; or define a "
							+ "DataSource bean qualified @BinlogDataSource for the position table." + memory);
		}
		// the DataSource conditions of Spring Boot ignore beans that are not default autowire candidates
		return new BinlogStreamException(setting + ", but no DataSource bean qualifies for the position table: "
				+ "there are " + Arrays.toString(dataSources) + ", none of them a default autowire candidate "
				+ "(@Bean(defaultCandidate = false))." + loss,
				"Give the application a DataSource of its own (spring.datasource.url and a connection pool), or "
						+ "declare the @BinlogDataSource bean without defaultCandidate = false." + memory);
	}

	private static boolean hasConnectionPool(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent("org.springframework.boot.jdbc.DataSourceBuilder", classLoader)
				&& DataSourceBuilder.findType(classLoader) != null;
	}

	@Bean
	@ConditionalOnMissingBean
	BinlogListenerContainer binlogListenerContainer(BinlogConnectionDetails connectionDetails,
			BinlogEventDispatcher dispatcher, BinlogPositionStore positionStore, BinlogProperties properties,
			ObjectProvider<BinaryLogClientCustomizer> customizers, BinlogListenerFactory listeners,
			ConfigurableApplicationContext context, ObjectProvider<BinlogTls> tls,
			ObjectProvider<TransactionalDelivery> transactionalDelivery) {
		BinlogTls configuredTls = tls.getIfAvailable();
		BinlogTls effectiveTls = ConnectionDetailsTls.resolve(configuredTls, connectionDetails, properties);
		BinlogServer server = new BinlogServer(connectionDetails, properties.getConnectTimeout(),
				context.getClassLoader(), effectiveTls);
		// with leader election, the election starts and stops it (BinlogClusterAutoConfiguration)
		ContainerSettings settings = BinlogClusterSettings.apply(properties.toSettings(serverId(properties)),
				context.getEnvironment());
		BooleanSupplier rowListenerDetector = (properties.getRowEvents() != null) ? null
				: () -> RowListenerDetector.hasRowListeners(context, listeners.getRegistry());
		BinlogListenerContainer container = new BinlogListenerContainer(connectionDetails, server, dispatcher,
				positionStore, settings, ConnectionDetailsTls.customizers(customizers.orderedStream().toList(),
						configuredTls, effectiveTls, connectionDetails),
				rowListenerDetector);
		container.snapshots().setSettings(properties.getSnapshot().toSettings());
		transactionalDelivery.ifAvailable(container::setTransactionalDelivery);
		return container;
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
