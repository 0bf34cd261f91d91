package dev.binlog.spring.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import dev.binlog.spring.actuate.BinlogLeadershipMetrics;
import dev.binlog.spring.cluster.BinlogLeaderCandidate;
import dev.binlog.spring.cluster.BinlogLeaderElection;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.position.BinlogPositionStore;
import dev.binlog.spring.position.InMemoryBinlogPositionStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Leader election among instances that share a position record ({@code binlog.cluster.enabled=true}), on Spring
 * Integration's {@link LockRegistryLeaderInitiator}: over the application's {@link LockRegistry} bean if it has one,
 * else over a {@link JdbcLockRegistry} in the position store's DataSource. The container then starts when this
 * instance is elected, not with the application context.
 */
@AutoConfiguration(after = BinlogAutoConfiguration.class)
@ConditionalOnBooleanProperty("binlog.cluster.enabled")
@ConditionalOnBean(BinlogListenerContainer.class)
@EnableConfigurationProperties(BinlogClusterProperties.class)
public final class BinlogClusterAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.integration.support.leader.LockRegistryLeaderInitiator")
	static class WithoutSpringIntegration {

		// an instance that streams although the user asked for election would deliver every event twice
		@Bean
		static Object binlogLeaderElection() {
			throw new BinlogStreamException("binlog.cluster.enabled is true, but Spring Integration, which runs the "
					+ "leader election, is not on the class path.",
					"Add the dependency org.springframework.integration:spring-integration-jdbc (the lock table "
							+ "lives in the position DataSource), or set binlog.cluster.enabled=false.");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LockRegistryLeaderInitiator.class)
	@Import(JdbcLockRegistryConfiguration.class)
	static class Election {

		@Bean
		@ConditionalOnMissingBean
		BinlogLeaderCandidate binlogLeaderCandidate(BinlogListenerContainer container, BinlogPositionStore store,
				BinlogProperties properties, BinlogClusterProperties cluster) {
			if (store instanceof InMemoryBinlogPositionStore) {
				throw positionsInMemory();
			}
			String instanceId = (cluster.getInstanceId() != null) ? cluster.getInstanceId() : defaultInstanceId();
			return new BinlogLeaderCandidate(container, store, properties.getPosition().getName(), instanceId);
		}

		@Bean
		@ConditionalOnMissingBean
		BinlogLeaderElection binlogLeaderElection(BinlogLeaderCandidate candidate,
				ObjectProvider<LockRegistry<?>> locks, BinlogListenerContainer container, BinlogProperties properties,
				BinlogClusterProperties cluster, ApplicationEventPublisher events) {
			LockRegistry<?> registry = locks.getIfUnique(() -> {
				throw new BinlogStreamException("binlog.cluster.enabled is true, but there is no LockRegistry for "
						+ "the leader election.", "Add the dependency org.springframework.integration:"
								+ "spring-integration-jdbc and a DataSource for the lock table, or define one "
								+ "LockRegistry bean (Redis, ZooKeeper, Hazelcast...).");
			});
			BinlogLeaderElection election = new BinlogLeaderElection(candidate, registry,
					cluster.getHeartbeatInterval(), Duration.ofMillis(LockRegistryLeaderInitiator.DEFAULT_BUSY_WAIT_TIME),
					properties.getShutdownTimeout(), container.getPhase(), events);
			election.setAutoStartup(properties.isAutoStartup());
			return election;
		}

		// each instance would keep a position of its own: a new leader would start from binlog.start-position, and
		// fencing, which lives in the shared record, would protect nothing
		private static BinlogStreamException positionsInMemory() {
			return new BinlogStreamException("binlog.cluster.enabled is true, but positions are kept in memory "
					+ "(binlog.position.store=memory): the instances share no position record, so a new leader "
					+ "would not continue where the last one stopped and would skip or repeat changes.",
					"Keep positions in a table the instances share: set binlog.position.store=jdbc (or remove "
							+ "binlog.position.store=memory) with a DataSource, or set binlog.cluster.enabled=false "
							+ "to run a single instance.");
		}

		private static String defaultInstanceId() {
			String host;
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				host = "unknown-host";
			}
			return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.micrometer.core.instrument.binder.MeterBinder",
			"org.springframework.integration.support.leader.LockRegistryLeaderInitiator" })
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean
		BinlogLeadershipMetrics binlogLeadershipMetrics(BinlogLeaderCandidate candidate) {
			return new BinlogLeadershipMetrics(candidate);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcLockRegistry.class, DatabaseInitializationDependencyConfigurer.class,
			org.springframework.boot.jdbc.init.DatabaseInitializationProperties.class })
	@ConditionalOnMissingBean(LockRegistry.class)
	@ConditionalOnBean(DataSource.class)
	@EnableConfigurationProperties(BinlogLockJdbcProperties.class)
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class JdbcLockRegistryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@DependsOnDatabaseInitialization
		DefaultLockRepository binlogLockRepository(ObjectProvider<DataSource> dataSource,
				@BinlogDataSource ObjectProvider<DataSource> binlogDataSource, BinlogLockJdbcProperties properties) {
			DataSource locks = binlogDataSource.getIfAvailable(dataSource::getObject);
			DefaultLockRepository repository = new DefaultLockRepository(locks);
			// its own transactions, on the lock table's DataSource, whatever the application's transaction manager
			repository.setTransactionManager(new JdbcTransactionManager(locks));
			repository.setPrefix(properties.getTablePrefix());
			repository.setRegion(properties.getRegion());
			return repository;
		}

		@Bean
		@ConditionalOnMissingBean
		JdbcLockRegistry binlogLockRegistry(DefaultLockRepository binlogLockRepository,
				BinlogClusterProperties cluster) {
			return new JdbcLockRegistry(binlogLockRepository, cluster.getLockTimeToLive());
		}

		@Bean
		@ConditionalOnMissingBean
		BinlogLockDataSourceScriptDatabaseInitializer binlogLockDataSourceScriptDatabaseInitializer(
				ObjectProvider<DataSource> dataSource, @BinlogDataSource ObjectProvider<DataSource> binlogDataSource,
				BinlogLockJdbcProperties properties) {
			return new BinlogLockDataSourceScriptDatabaseInitializer(
					binlogDataSource.getIfAvailable(dataSource::getObject), properties);
		}

	}

}
