package dev.binlog.spring.autoconfigure;

import javax.sql.DataSource;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.position.BinlogPositionStore;
import dev.binlog.spring.position.InMemoryBinlogPositionStore;
import dev.binlog.spring.position.JdbcBinlogPositionStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where positions are kept: a JDBC table, or memory only when {@code binlog.position.store=memory} says so. Without
 * a usable DataSource the application fails to start instead of silently losing positions on every restart.
 * None of these tests connects to a binlog server.
 */
class BinlogPositionStoreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BinlogAutoConfiguration.class))
		.withPropertyValues("binlog.auto-startup=false", "binlog.host=db.example", "binlog.username=cdc",
				"binlog.server-id=5401");

	@Test
	void runWithDatasourceUrlButNoConnectionPoolFailsNamingThePoolAndTheMemoryChoice() {
		// the README's steps with spring.datasource.url, but without spring-boot-starter-jdbc: no DataSource
		this.contextRunner.withClassLoader(new FilteredClassLoader("com.zaxxer.hikari"))
			.withPropertyValues("spring.datasource.url=jdbc:mariadb://db.example/shop")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("binlog.position.store is 'auto'")
					.contains("spring.datasource.url is set, but no connection pool is on the class path")
					.contains("every restart skip the changes written while the application was down");
				assertThat(analysis.getAction()).contains("HikariCP")
					.contains("spring-boot-starter-jdbc")
					.contains("@BinlogDataSource")
					.contains("binlog.position.store=memory");
			});
	}

	@Test
	void runWithoutAnyDataSourceFailsNamingTheDataSourceAndTheMemoryChoice() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BinlogAutoConfiguration.class))
			.withPropertyValues("binlog.auto-startup=false", "binlog.host=db.example", "binlog.username=cdc")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("the application has no DataSource for the position table.");
				assertThat(analysis.getAction()).contains("@BinlogDataSource").contains("binlog.position.store=memory");
			});
	}

	@Test
	void runWithoutSpringDataJdbcFailsNamingSpringDataJdbc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.data.jdbc"))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:nodatajdbc")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Spring Data JDBC")
					.contains("is not on the class path");
				assertThat(analysis.getAction()).contains("org.springframework.data:spring-data-jdbc")
					.contains("binlog.position.store=memory");
			});
	}

	@Test
	void runWithJdbcStoreAndNoConnectionPoolFailsNamingTheSetting() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("com.zaxxer.hikari"))
			.withPropertyValues("spring.datasource.url=jdbc:mariadb://db.example/shop", "binlog.position.store=jdbc")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("binlog.position.store is 'jdbc'"));
	}

	@Test
	void runWithMemoryStoreStartsWithoutDataSource() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("com.zaxxer.hikari"))
			.withPropertyValues("spring.datasource.url=jdbc:mariadb://db.example/shop", "binlog.position.store=memory")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(BinlogListenerContainer.class)
					.doesNotHaveBean(DataSource.class);
				assertThat(context.getBean(BinlogPositionStore.class)).isInstanceOf(InMemoryBinlogPositionStore.class);
			});
	}

	@Test
	void runWithMemoryStoreIgnoresTheDataSource() {
		this.contextRunner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:ignored", "binlog.position.store=memory")
			.run((context) -> {
				assertThat(context).hasSingleBean(DataSource.class);
				assertThat(context.getBean(BinlogPositionStore.class)).isInstanceOf(InMemoryBinlogPositionStore.class);
			});
	}

	@Test
	void runWithConnectionPoolKeepsPositionsInTheApplicationsDataSource() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:pooled", "binlog.position.initialize-schema=always")
			.run((context) -> {
				assertThat(context.getBean(BinlogPositionStore.class)).isInstanceOf(JdbcBinlogPositionStore.class);
				assertThat(tables(context.getBean(DataSource.class))).contains("BINLOG_POSITION");
			});
	}

	@Test
	void aTableNameOfOnesOwnIsCreatedWithTheRecordsColumnsAndKeepsPositions() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:renamed", "binlog.position.initialize-schema=always",
					"binlog.position.table-name=cdc_offsets")
			.run((context) -> {
				assertThat(tables(context.getBean(DataSource.class))).contains("CDC_OFFSETS").doesNotContain("BINLOG_POSITION");
				BinlogPositionStore store = context.getBean(BinlogPositionStore.class);
				BinlogPosition position = new BinlogPosition("mysql-bin.000007", 4711, "0-1-42");
				store.save("default", position, 1);
				assertThat(store.load("default")).contains(position);
			});
	}

	@Test
	void anEmbeddedDatabaseGetsThePositionTableByDefault() {
		this.contextRunner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:embeddeddefault").run((context) -> {
			assertThat(tables(context.getBean(DataSource.class))).contains("BINLOG_POSITION");
			BinlogPositionStore store = context.getBean(BinlogPositionStore.class);
			store.save("default", new BinlogPosition("mysql-bin.000001", 4, null), 1);
			assertThat(store.load("default")).isPresent();
		});
	}

	@Test
	void binlogDataSourceBeanReplacesTheApplicationsDataSource() {
		// Spring Boot's DataSource auto-configuration backs off when any DataSource bean exists
		this.contextRunner.withUserConfiguration(QualifiedDataSource.class)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:app1", "positions.url=jdbc:h2:mem:positions1;DB_CLOSE_DELAY=-1",
					"binlog.position.initialize-schema=always")
			.run((context) -> {
				assertThat(context).hasSingleBean(DataSource.class).hasBean("positionsDataSource");
				assertThat(context.getBean(BinlogPositionStore.class)).isInstanceOf(JdbcBinlogPositionStore.class);
				assertThat(tables(context.getBean(DataSource.class))).contains("BINLOG_POSITION");
			});
	}

	@Test
	void binlogDataSourceBeanThatIsNoDefaultCandidateLeavesTheApplicationsDataSource() {
		this.contextRunner.withUserConfiguration(NonDefaultQualifiedDataSource.class)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:app2", "positions.url=jdbc:h2:mem:positions2;DB_CLOSE_DELAY=-1",
					"binlog.position.initialize-schema=always")
			.run((context) -> {
				assertThat(context.getBeansOfType(DataSource.class)).containsKeys("dataSource", "positionsDataSource");
				assertThat(context.getBean(BinlogPositionStore.class)).isInstanceOf(JdbcBinlogPositionStore.class);
				assertThat(tables(context.getBean(DataSource.class))).doesNotContain("BINLOG_POSITION");
				assertThat(tables(context.getBean("positionsDataSource", DataSource.class)))
					.contains("BINLOG_POSITION");
			});
	}

	@Test
	void binlogDataSourceBeanThatIsNoDefaultCandidateAloneFailsNamingTheBean() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("com.zaxxer.hikari"))
			.withUserConfiguration(NonDefaultQualifiedDataSource.class)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:app3", "positions.url=jdbc:h2:mem:positions3;DB_CLOSE_DELAY=-1")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("[positionsDataSource]")
					.contains("defaultCandidate = false");
				assertThat(analysis.getAction()).contains("binlog.position.store=memory");
			});
	}

	private static java.util.List<String> tables(DataSource dataSource) {
		return new JdbcTemplate(dataSource)
			.queryForList("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'", String.class);
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new BinlogStartupFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedDataSource {

		@Bean
		@BinlogDataSource
		DataSource positionsDataSource(org.springframework.core.env.Environment environment) {
			return new DriverManagerDataSource(environment.getRequiredProperty("positions.url"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NonDefaultQualifiedDataSource {

		@Bean(defaultCandidate = false)
		@BinlogDataSource
		DataSource positionsDataSource(org.springframework.core.env.Environment environment) {
			return new DriverManagerDataSource(environment.getRequiredProperty("positions.url"));
		}

	}

}
