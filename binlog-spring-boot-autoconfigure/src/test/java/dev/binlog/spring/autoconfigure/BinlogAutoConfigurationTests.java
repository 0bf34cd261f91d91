package dev.binlog.spring.autoconfigure;

import java.util.List;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.TestConnectionDetails;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerSettings;
import dev.binlog.spring.position.InMemoryBinlogPositionStore;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.dispatch.BinlogListenerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring tests for {@link BinlogAutoConfiguration}; none of them connects to a server.
 */
class BinlogAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BinlogAutoConfiguration.class))
		.withPropertyValues("binlog.auto-startup=false", "binlog.position.store=memory");

	@Test
	void runWithHostCreatesContainerFromProperties() {
		this.contextRunner
			.withPropertyValues("binlog.host=db.example", "binlog.port=3307", "binlog.username=cdc",
					"binlog.password=s3cret", "binlog.server-id=5401")
			.run((context) -> {
				assertThat(context).hasSingleBean(BinlogListenerContainer.class)
					.hasSingleBean(BinlogEventDispatcher.class)
					.hasSingleBean(BinlogListenerFactory.class);
				BinlogConnectionDetails details = context.getBean(BinlogConnectionDetails.class);
				assertThat(details.getHost()).isEqualTo("db.example");
				assertThat(details.getPort()).isEqualTo(3307);
				assertThat(details.getUsername()).isEqualTo("cdc");
				assertThat(details.getPassword()).isEqualTo("s3cret");
				assertThat(details.toString()).doesNotContain("s3cret");
				assertThat(context.getBean(BinlogListenerContainer.class).isRunning()).isFalse();
			});
	}

	@Test
	void runWhenDisabledShouldNotCreateContainer() {
		this.contextRunner.withPropertyValues("binlog.enabled=false", "binlog.host=db.example")
			.run((context) -> assertThat(context).doesNotHaveBean(BinlogListenerContainer.class)
				.doesNotHaveBean(BinlogConnectionDetails.class));
	}

	@Test
	void runWithoutBinlogClientShouldBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(BinaryLogClient.class))
			.withPropertyValues("binlog.host=db.example")
			.run((context) -> assertThat(context).doesNotHaveBean(BinlogListenerContainer.class));
	}

	@Test
	void runWithUserContainerShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserContainerConfiguration.class)
			.withPropertyValues("binlog.host=db.example", "binlog.username=cdc")
			.run((context) -> {
				assertThat(context).hasSingleBean(BinlogListenerContainer.class).hasBean("userContainer");
				assertThat(context.getBean(BinlogListenerContainer.class).getStatus().server())
					.isEqualTo("user.example:3306");
			});
	}

	@Test
	void runWithUserConnectionDetailsShouldUseThem() {
		this.contextRunner.withBean(BinlogConnectionDetails.class, () -> details("other.example", 4406))
			.run((context) -> {
				assertThat(context).hasSingleBean(BinlogConnectionDetails.class)
					.doesNotHaveBean(PropertiesBinlogConnectionDetails.class)
					.hasSingleBean(BinlogListenerContainer.class);
				assertThat(context.getBean(BinlogListenerContainer.class).getStatus().server())
					.isEqualTo("other.example:4406");
			});
	}

	@Test
	void runWithoutHostFallsBackToMysqlDatasourceUrl() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:mysql://db.internal:3310/shop?useSSL=true",
					"spring.datasource.username=app", "spring.datasource.password=app-secret")
			.run((context) -> {
				BinlogConnectionDetails details = context.getBean(BinlogConnectionDetails.class);
				assertThat(details.getHost()).isEqualTo("db.internal");
				assertThat(details.getPort()).isEqualTo(3310);
				assertThat(details.getUsername()).isEqualTo("app");
				assertThat(details.getPassword()).isEqualTo("app-secret");
			});
	}

	@Test
	void runWithoutHostFallsBackToMariadbDatasourceUrlWithDefaultPortAndBinlogCredentials() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:mariadb://[::1]/shop", "spring.datasource.username=app",
					"binlog.username=cdc", "binlog.password=cdc-secret")
			.run((context) -> {
				BinlogConnectionDetails details = context.getBean(BinlogConnectionDetails.class);
				assertThat(details.getHost()).isEqualTo("::1");
				assertThat(details.getPort()).isEqualTo(3306);
				assertThat(details.getUsername()).isEqualTo("cdc");
				assertThat(details.getPassword()).isEqualTo("cdc-secret");
			});
	}

	@Test
	void runWithoutHostOrDatasourceFailsNamingTheProperty() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("binlog.host is not set")
				.contains("no spring.datasource.url");
			assertThat(analysis.getAction()).contains("Set binlog.host");
		});
	}

	@Test
	void runWithNonMysqlDatasourceFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://db/shop", "spring.datasource.username=u")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context.getStartupFailure()).getDescription())
					.contains("spring.datasource.url is not a jdbc:mysql or jdbc:mariadb URL");
			});
	}

	@Test
	void runWithoutMysqlOrMariadbDriverFailsNamingTheDependencies() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.mariadb.jdbc", "com.mysql"))
			.withPropertyValues("binlog.host=db.example", "binlog.username=cdc", "binlog.server-id=5401")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("No MySQL or MariaDB JDBC driver");
				assertThat(analysis.getAction()).contains("org.mariadb.jdbc:mariadb-java-client")
					.contains("com.mysql:mysql-connector-j");
			});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new BinlogStartupFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

	private static BinlogConnectionDetails details(String host, int port) {
		return TestConnectionDetails.of(host, port, "cdc", "pw");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserContainerConfiguration {

		@Bean
		BinlogListenerContainer userContainer(BinlogEventDispatcher dispatcher) {
			BinlogConnectionDetails details = details("user.example", 3306);
			ContainerSettings settings = ContainerSettings.of(7).withAutoStartup(false);
			List<BinaryLogClientCustomizer> customizers = List.of();
			return new BinlogListenerContainer(details, new BinlogServer(details, java.time.Duration.ofSeconds(1), null),
					dispatcher, new InMemoryBinlogPositionStore(), settings, customizers, null);
		}

	}

}
