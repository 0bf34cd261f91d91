package dev.binlog.spring.autoconfigure;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.container.TransactionalDelivery;
import dev.binlog.spring.position.BinlogPositionStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wiring of {@code binlog.delivery.mode=transactional}: off by default, on with the transaction manager of the
 * position DataSource, and refused with a message naming what to change when the position write could not share
 * the listeners' transaction. None of these tests connects to a binlog server.
 */
class BinlogTransactionalDeliveryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, BinlogAutoConfiguration.class))
		.withPropertyValues("binlog.auto-startup=false", "binlog.host=db.example", "binlog.username=cdc",
				"binlog.server-id=5401");

	@Test
	void runWithoutDeliveryModeDeliversAtLeastOnce() {
		this.contextRunner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:atleastonce")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TransactionalDelivery.class));
	}

	@Test
	void runWithTransactionalModeAndTheTransactionManagerOfThePositionDataSourceDeliversTransactionally() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:transactional",
					"binlog.delivery.mode=transactional")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TransactionalDelivery.class));
	}

	@Test
	void runWithTransactionalModeAndPositionsInMemoryFailsNamingTheStoreProperty() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:memory", "binlog.position.store=memory",
					"binlog.delivery.mode=transactional")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("binlog.delivery.mode=transactional")
					.contains("the position is kept in memory");
				assertThat(analysis.getAction()).contains("binlog.position.store=memory")
					.contains("binlog.delivery.mode=at-least-once");
			});
	}

	@Test
	void runWithTransactionalModeAndTheTransactionManagerOfAnotherDataSourceFailsNamingThePropertyAndTheBean() {
		this.contextRunner.withUserConfiguration(SeparatePositionDataSource.class)
			.withPropertyValues("binlog.delivery.mode=transactional")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("transaction manager of the position DataSource")
					.contains("manages another DataSource");
				assertThat(analysis.getAction()).contains("binlog.delivery.transaction-manager")
					.contains("@BinlogDataSource");
			});
	}

	@Test
	void runWithTransactionalModeNamingTheTransactionManagerOfThePositionDataSourceUsesIt() {
		this.contextRunner.withUserConfiguration(SeparatePositionDataSource.class)
			.withPropertyValues("binlog.delivery.mode=transactional",
					"binlog.delivery.transaction-manager=positionsTransactionManager")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TransactionalDelivery.class));
	}

	@Test
	void runWithTransactionalModeWithoutTransactionManagerFailsNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BinlogAutoConfiguration.class))
			.withPropertyValues("binlog.auto-startup=false", "binlog.host=db.example", "binlog.username=cdc",
					"binlog.server-id=5401", "spring.datasource.url=jdbc:h2:mem:notm",
					"binlog.delivery.mode=transactional")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("needs a PlatformTransactionManager")
					.contains("the application has none");
				assertThat(analysis.getAction()).contains("binlog.delivery.transaction-manager");
			});
	}

	@Test
	void runWithTransactionalModeAndSeveralTransactionManagersWithoutPrimaryFailsNamingTheProperty() {
		this.contextRunner.withUserConfiguration(TwoTransactionManagers.class)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:twotm", "binlog.delivery.mode=transactional")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("needs a PlatformTransactionManager")
					.contains("several and none is @Primary");
				assertThat(analysis.getAction()).contains("binlog.delivery.transaction-manager");
			});
	}

	@Test
	void runWithTransactionalModeAndAPositionStoreOfOnesOwnFailsNamingTheBean() {
		this.contextRunner.withBean(BinlogPositionStore.class, OwnPositionStore::new)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:ownstore", "binlog.delivery.mode=transactional")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("the position is kept in " + OwnPositionStore.class.getName());
				assertThat(analysis.getAction()).contains("your own BinlogPositionStore bean")
					.contains("binlog.delivery.mode=at-least-once");
			});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new BinlogStartupFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoTransactionManagers {

		@Bean
		PlatformTransactionManager oneTransactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Bean
		PlatformTransactionManager otherTransactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

	/**
	 * Keeps positions in a map: a store that is no JDBC table.
	 */
	static class OwnPositionStore implements BinlogPositionStore {

		private final Map<String, BinlogPosition> positions = new ConcurrentHashMap<>();

		@Override
		public Optional<BinlogPosition> load(String name) {
			return Optional.ofNullable(this.positions.get(name));
		}

		@Override
		public void save(String name, BinlogPosition position, long serverId) {
			this.positions.put(name, position);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SeparatePositionDataSource {

		@Bean
		@Primary
		DataSource applicationDataSource() {
			return new DriverManagerDataSource("jdbc:h2:mem:application");
		}

		@Bean
		@BinlogDataSource
		DataSource positionsDataSource() {
			return new DriverManagerDataSource("jdbc:h2:mem:positions");
		}

		@Bean(defaultCandidate = false)
		PlatformTransactionManager positionsTransactionManager(@BinlogDataSource DataSource positions) {
			return new DataSourceTransactionManager(positions);
		}

	}

}
