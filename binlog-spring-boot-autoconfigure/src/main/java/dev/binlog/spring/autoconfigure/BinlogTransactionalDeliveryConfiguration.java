package dev.binlog.spring.autoconfigure;

import java.lang.reflect.Method;

import javax.sql.DataSource;

import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.container.TransactionalDelivery;
import dev.binlog.spring.position.BinlogPositionStore;
import dev.binlog.spring.position.InMemoryBinlogPositionStore;
import dev.binlog.spring.position.JdbcBinlogPositionStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.util.ReflectionUtils;

/**
 * Transactional delivery ({@code binlog.delivery.mode=transactional}): checks that the position lives in a JDBC
 * table and that the transaction manager is the one of that table's {@code DataSource}, since only then do the
 * listeners' writes and the position write share one transaction.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BinlogDeliveryProperties.class)
class BinlogTransactionalDeliveryConfiguration {

	@Bean
	@ConditionalOnProperty(name = "binlog.delivery.mode", havingValue = "transactional")
	TransactionalDelivery binlogTransactionalDelivery(BinlogDeliveryProperties properties,
			BinlogPositionStore positionStore, ObjectProvider<PlatformTransactionManager> transactionManagers,
			BeanFactory beanFactory) {
		if (!(positionStore instanceof JdbcBinlogPositionStore jdbcStore)) {
			String where = (positionStore instanceof InMemoryBinlogPositionStore) ? "in memory"
					: "in " + positionStore.getClass().getName();
			throw new BinlogStreamException("binlog.delivery.mode=transactional writes the position in the "
					+ "listeners' database transaction, but the position is kept " + where + ".",
					"Keep the position in a JDBC table (remove binlog.position.store=memory, or your own "
							+ "BinlogPositionStore bean, and give the application a DataSource), or set "
							+ "binlog.delivery.mode=at-least-once.");
		}
		PlatformTransactionManager transactionManager = transactionManager(properties, transactionManagers,
				beanFactory);
		DataSource managed = dataSourceOf(transactionManager);
		if (managed == null || unwrap(managed) != unwrap(jdbcStore.getDataSource())) {
			throw new BinlogStreamException("binlog.delivery.mode=transactional needs the transaction manager of the "
					+ "position DataSource, but " + transactionManager.getClass().getName() + " manages "
					+ ((managed != null) ? "another DataSource" : "no DataSource the starter can see")
					+ ": the position write would not be part of the listeners' transaction.",
					"Name the transaction manager of the position DataSource in binlog.delivery.transaction-manager, "
							+ "or keep the position in the listeners' DataSource (the @BinlogDataSource bean, or "
							+ "none so that the application's DataSource holds the position table).");
		}
		BinlogDeliveryProperties.Group group = properties.getGroup();
		return new TransactionalDelivery(transactionManager, group.getMaxRows(), group.getMaxDuration());
	}

	private static PlatformTransactionManager transactionManager(BinlogDeliveryProperties properties,
			ObjectProvider<PlatformTransactionManager> transactionManagers, BeanFactory beanFactory) {
		String name = properties.getTransactionManager();
		if (name != null) {
			return beanFactory.getBean(name, PlatformTransactionManager.class);
		}
		PlatformTransactionManager unique = transactionManagers.getIfUnique();
		if (unique == null) {
			throw new BinlogStreamException("binlog.delivery.mode=transactional needs a PlatformTransactionManager "
					+ "of the position DataSource, and the application has "
					+ (transactionManagers.stream().findAny().isPresent() ? "several and none is @Primary." : "none."),
					"Name it in binlog.delivery.transaction-manager, or let Spring Boot create one "
							+ "(spring-boot-jdbc's DataSourceTransactionManager for a single DataSource).");
		}
		return unique;
	}

	private static @Nullable DataSource dataSourceOf(PlatformTransactionManager transactionManager) {
		if (transactionManager instanceof ResourceTransactionManager resources
				&& resources.getResourceFactory() instanceof DataSource dataSource) {
			return dataSource;
		}
		// JPA's transaction manager binds a JDBC connection of the DataSource it exposes
		Method getter = ReflectionUtils.findMethod(transactionManager.getClass(), "getDataSource");
		if (getter != null && DataSource.class.isAssignableFrom(getter.getReturnType())) {
			return (DataSource) ReflectionUtils.invokeMethod(getter, transactionManager);
		}
		return null;
	}

	private static DataSource unwrap(DataSource dataSource) {
		DataSource current = dataSource;
		while (current instanceof DelegatingDataSource delegating && delegating.getTargetDataSource() != null) {
			current = delegating.getTargetDataSource();
		}
		return current;
	}

}
