package dev.binlog.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.regex.Pattern;

import dev.binlog.spring.cluster.BinlogLeaderCandidate;
import dev.binlog.spring.cluster.BinlogLeaderElection;
import dev.binlog.spring.cluster.BinlogRole;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leader election is off unless {@code binlog.cluster.enabled=true}; with it, the container no longer starts with
 * the context, the application's {@link LockRegistry} is used when it has one, else a {@link JdbcLockRegistry} in
 * the position DataSource. None of these tests connects to a binlog server.
 */
class BinlogClusterAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BinlogAutoConfiguration.class,
				BinlogClusterAutoConfiguration.class))
		.withPropertyValues("binlog.host=db.example", "binlog.username=cdc", "binlog.server-id=5401");

	@Test
	void runWithoutClusterPropertyCreatesNoElection() {
		this.contextRunner.withPropertyValues("binlog.auto-startup=false", "spring.datasource.url=jdbc:h2:mem:off")
			.run((context) -> {
				assertThat(context).hasSingleBean(BinlogListenerContainer.class)
					.doesNotHaveBean(BinlogLeaderElection.class)
					.doesNotHaveBean(BinlogLeaderCandidate.class)
					.doesNotHaveBean(LockRegistry.class);
			});
	}

	@Test
	void runWithClusterEnabledUsesTheApplicationsLockRegistryAndLeavesStartingToTheElection() {
		this.contextRunner.withUserConfiguration(UserLocks.class)
			.withPropertyValues("binlog.cluster.enabled=true", "binlog.position.name=orders",
					"spring.datasource.url=jdbc:h2:mem:userlocks")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(JdbcLockRegistry.class);
				assertThat(context.getBean(BinlogListenerContainer.class).isAutoStartup()).isFalse();
				assertThat(context.getBean(BinlogLeaderElection.class).isRunning()).isTrue();
				NeverGrantingLocks locks = context.getBean(NeverGrantingLocks.class);
				// one lock per position record, asked for again and again while another instance holds it
				await().atMost(Duration.ofSeconds(10)).until(() -> locks.tries.size() > 1);
				assertThat(locks.keys).containsOnly("binlog:orders");
				assertThat(context.getBean(BinlogLeaderCandidate.class).role()).isEqualTo(BinlogRole.STANDBY);
				assertThat(context.getBean(BinlogListenerContainer.class).isRunning()).isFalse();
			});
	}

	@Test
	void runWithClusterEnabledAndNoLockRegistryUsesAJdbcLockRegistryWithItsTableInThePositionDataSource() {
		this.contextRunner
			.withPropertyValues("binlog.auto-startup=false", "binlog.cluster.enabled=true",
					"spring.datasource.url=jdbc:h2:mem:jdbclocks")
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcLockRegistry.class).hasSingleBean(BinlogLeaderElection.class);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
				// Spring Integration's own script made the lock table, ours the position table with its owner column
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INT_LOCK", Integer.class)).isZero();
				assertThat(jdbc.queryForList("SELECT owner FROM binlog_position", String.class)).isEmpty();
			});
	}

	@Test
	void runWithClusterEnabledWithoutSpringIntegrationJdbcUsesTheApplicationsLockRegistry() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.integration.jdbc"))
			.withUserConfiguration(UserLocks.class)
			.withPropertyValues("binlog.auto-startup=false", "binlog.cluster.enabled=true",
					"spring.datasource.url=jdbc:h2:mem:nojdbclocks")
			.run((context) -> assertThat(context).hasSingleBean(BinlogLeaderElection.class)
				.getBean(LockRegistry.class)
				.isInstanceOf(NeverGrantingLocks.class));
	}

	@Test
	void runWithClusterEnabledWithoutSpringIntegrationJdbcNorLockRegistryFailsNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.integration.jdbc"))
			.withPropertyValues("binlog.auto-startup=false", "binlog.cluster.enabled=true",
					"spring.datasource.url=jdbc:h2:mem:nolocks")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("no LockRegistry");
				assertThat(analysis.getAction()).contains("spring-integration-jdbc").contains("LockRegistry bean");
			});
	}

	@Test
	void runWithoutSpringIntegrationBacksOffUnlessClusterIsEnabled() {
		ApplicationContextRunner withoutIntegration = this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.integration"))
			.withPropertyValues("binlog.auto-startup=false", "spring.datasource.url=jdbc:h2:mem:nointegration");
		withoutIntegration.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(BinlogListenerContainer.class)
			.doesNotHaveBean(BinlogLeaderElection.class));
		withoutIntegration.withPropertyValues("binlog.cluster.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Spring Integration");
			assertThat(analysis.getAction()).contains("spring-integration-jdbc").contains("binlog.cluster.enabled=false");
		});
	}

	@Test
	void runWithClusterEnabledAndPositionsInMemoryFailsNamingBothProperties() {
		this.contextRunner.withUserConfiguration(UserLocks.class)
			.withPropertyValues("binlog.auto-startup=false", "binlog.cluster.enabled=true",
					"binlog.position.store=memory", "spring.datasource.url=jdbc:h2:mem:memorycluster")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("binlog.cluster.enabled is true")
					.contains("binlog.position.store=memory");
				assertThat(analysis.getAction()).contains("binlog.position.store=jdbc")
					.contains("binlog.cluster.enabled=false");
			});
	}

	@Test
	void runWithClusterEnabledOnAPositionTableWithoutOwnerColumnFailsNamingTheColumnAndTheAlterTable() {
		this.contextRunner.withUserConfiguration(UserLocks.class)
			.withPropertyValues("binlog.cluster.enabled=true", "binlog.position.initialize-schema=never",
					"spring.datasource.url=jdbc:h2:mem:oldtable;INIT=CREATE TABLE IF NOT EXISTS binlog_position "
							+ "(name VARCHAR(100) PRIMARY KEY, version BIGINT NOT NULL)")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("has no column 'owner'")
					.hasStackTraceContaining("binlog.cluster.enabled=true")
					.hasStackTraceContaining("ALTER TABLE binlog_position ADD owner VARCHAR(255)");
			});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new BinlogStartupFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

	@Test
	void withClusterEnabledTheLockTableOfEverySchemaIsExcludedWhateverItsCase() {
		MockEnvironment environment = new MockEnvironment().withProperty("binlog.cluster.enabled", "true");
		ContainerSettings settings = BinlogClusterSettings.apply(new BinlogProperties().toSettings(42), environment);
		assertThat(excluded(settings, "shop.INT_LOCK")).isTrue();
		assertThat(excluded(settings, "positions.int_lock")).isTrue();
		assertThat(excluded(settings, "shop.INT_LOCKS")).isFalse();
		assertThat(excluded(settings, "shop.orders")).isFalse();
		assertThat(excluded(settings, "mysql.user")).isTrue();
	}

	@Test
	void withClusterEnabledTheLockTableOfACustomPrefixIsExcluded() {
		MockEnvironment environment = new MockEnvironment().withProperty("binlog.cluster.enabled", "true")
			.withProperty("binlog.cluster.jdbc.table-prefix", "CDC_");
		ContainerSettings settings = BinlogClusterSettings.apply(new BinlogProperties().toSettings(42), environment);
		assertThat(excluded(settings, "shop.CDC_LOCK")).isTrue();
		assertThat(excluded(settings, "shop.INT_LOCK")).isFalse();
	}

	@Test
	void withoutClusterTheLockTableIsNotExcluded() {
		ContainerSettings settings = BinlogClusterSettings.apply(new BinlogProperties().toSettings(42),
				new MockEnvironment());
		assertThat(excluded(settings, "shop.INT_LOCK")).isFalse();
	}

	// as the container's table filter applies exclude patterns: to the whole schema.table name
	private static boolean excluded(ContainerSettings settings, String table) {
		return settings.exclude().stream().anyMatch((pattern) -> Pattern.compile(pattern).matcher(table).matches());
	}

	@Configuration(proxyBeanMethods = false)
	static class UserLocks {

		@Bean
		NeverGrantingLocks lockRegistry() {
			return new NeverGrantingLocks();
		}

	}

	/**
	 * A lock registry whose locks another instance always holds: this instance stays a standby.
	 */
	static class NeverGrantingLocks implements LockRegistry<Lock> {

		final List<String> keys = new CopyOnWriteArrayList<>();

		final List<String> tries = new CopyOnWriteArrayList<>();

		@Override
		public Lock obtain(Object key) {
			this.keys.add(String.valueOf(key));
			return new HeldElsewhere();
		}

		class HeldElsewhere implements Lock {

			@Override
			public boolean tryLock(long time, TimeUnit unit) {
				NeverGrantingLocks.this.tries.add("try");
				return false;
			}

			@Override
			public boolean tryLock() {
				return tryLock(0, TimeUnit.MILLISECONDS);
			}

			@Override
			public void lock() {
				throw new UnsupportedOperationException();
			}

			@Override
			public void lockInterruptibly() {
				throw new UnsupportedOperationException();
			}

			@Override
			public void unlock() {
			}

			@Override
			public Condition newCondition() {
				throw new UnsupportedOperationException();
			}

		}

	}

}
