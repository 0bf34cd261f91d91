package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerSettings;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code binlog.*} value the stream cannot run with fails the startup while the properties are bound, and the
 * analysis Spring Boot prints names the property. No server is needed: binding fails before any connection.
 */
class BinlogPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BinlogAutoConfiguration.class,
				BinlogHealthContributorAutoConfiguration.class))
		.withPropertyValues("binlog.auto-startup=false", "binlog.host=db.example", "binlog.username=cdc",
				"binlog.password=Pw-valid-9x", "binlog.server-id=5401", "binlog.position.store=memory");

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "4294967296" })
	void serverIdOutOfRangeFailsNamingTheProperty(String serverId) {
		this.contextRunner.withPropertyValues("binlog.server-id=" + serverId).run((context) -> {
			FailureAnalysis analysis = analyzeBindValidation(context);
			assertThat(analysis.getDescription()).contains("binlog.server-id must be between 1 and 4294967295")
				.contains("Value: \"" + serverId + "\"")
				.doesNotContain("Pw-valid-9x");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "4294967295" })
	void serverIdAtTheEndsOfTheRangeIsAccepted(String serverId) {
		this.contextRunner.withPropertyValues("binlog.server-id=" + serverId)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(BinlogListenerContainer.class));
	}

	@ParameterizedTest
	@CsvSource({ "binlog.connect-timeout, 0", "binlog.connect-timeout, -1s", "binlog.heartbeat-interval, 0s",
			"binlog.keep-alive-interval, -1m", "binlog.shutdown-timeout, 0ms", "binlog.shutdown-timeout, -10s",
			"binlog.health.stall-timeout, 0s" })
	void durationNotLongerThanZeroFailsNamingTheProperty(String property, String value) {
		this.contextRunner.withPropertyValues(property + "=" + value)
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription())
				.contains(property + " must be longer than zero"));
	}

	@ParameterizedTest
	@CsvSource({ "binlog.position.save-interval, binlog.position.save-interval",
			"binlog.position.flush-interval, binlog.position.save-interval",
			"binlog.reconnect.give-up-after, binlog.reconnect.give-up-after",
			"binlog.listener-failure.backoff, binlog.listener-failure.backoff",
			"binlog.health.disconnected-threshold, binlog.health.disconnected-threshold" })
	void negativeDurationFailsNamingTheProperty(String property, String named) {
		this.contextRunner.withPropertyValues(property + "=-1s")
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription()).contains(named)
				.contains("must not be negative"));
	}

	@Test
	void zeroWhereZeroHasAMeaningIsAccepted() {
		this.contextRunner
			.withPropertyValues("binlog.position.save-interval=0", "binlog.reconnect.give-up-after=0",
					"binlog.listener-failure.backoff=0", "binlog.health.disconnected-threshold=0",
					"binlog.metrics.max-tables=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ContainerSettings settings = context.getBean(BinlogProperties.class).toSettings(5401);
				assertThat(settings.saveInterval()).isZero();
				assertThat(settings.reconnectGiveUpAfter()).isZero();
			});
	}

	@Test
	void keepAliveNotLongerThanHeartbeatFailsNamingBothProperties() {
		this.contextRunner.withPropertyValues("binlog.heartbeat-interval=30s", "binlog.keep-alive-interval=30s")
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription())
				.contains("binlog.keep-alive-interval (PT30S) must be longer than binlog.heartbeat-interval (PT30S)")
				.contains("at least twice binlog.heartbeat-interval"));
	}

	@Test
	void maxAttemptsBelowOneFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("binlog.listener-failure.max-attempts=0")
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription())
				.contains("binlog.listener-failure.max-attempts must be at least 1"));
	}

	@Test
	void negativeMaxTablesFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("binlog.metrics.max-tables=-1")
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription())
				.contains("binlog.metrics.max-tables must not be negative"));
	}

	@Test
	void snapshotChunkSizeBelowOneFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("binlog.snapshot.chunk-size=0")
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription())
				.contains("binlog.snapshot.chunk-size must be at least 1"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "binlog.delivery.group.max-rows=0|binlog.delivery.group.max-rows must be at least 1",
			"binlog.delivery.group.max-duration=-1s|binlog.delivery.group.max-duration must not be negative" })
	void deliveryGroupBoundsTheDeliveryCannotRunWithFailNamingTheProperty(String property, String message) {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration.class,
					org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration.class))
			.withPropertyValues("binlog.position.store=jdbc", "spring.datasource.url=jdbc:h2:mem:deliverybounds",
					"binlog.delivery.mode=transactional", property)
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription()).contains(message));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"binlog.cluster.lock-time-to-live=0s|binlog.cluster.lock-time-to-live must be longer than zero",
			"binlog.cluster.heartbeat-interval=0s|binlog.cluster.heartbeat-interval must be longer than zero",
			"binlog.cluster.heartbeat-interval=10s|binlog.cluster.heartbeat-interval (PT10S) must be shorter than "
					+ "binlog.cluster.lock-time-to-live (PT5S)" })
	void clusterLockTimingsTheElectionCannotWorkWithFailNamingTheProperty(String property, String message) {
		this.contextRunner.withConfiguration(AutoConfigurations.of(BinlogClusterAutoConfiguration.class))
			.withPropertyValues("binlog.cluster.enabled=true", "binlog.cluster.lock-time-to-live=5s", property)
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription()).contains(message));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "65536" })
	void portOutOfRangeFailsNamingTheProperty(String port) {
		this.contextRunner.withPropertyValues("binlog.port=" + port)
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription())
				.contains("binlog.port must be between 1 and 65535"));
	}

	@ParameterizedTest
	@CsvSource({ "binlog.include, binlog.include[1]", "binlog.exclude, binlog.exclude[1]" })
	void invalidRegularExpressionFailsNamingThePropertyAndThePattern(String property, String named) {
		this.contextRunner.withPropertyValues(property + "[0]=shop\\..*", property + "[1]=shop\\.(orders")
			.run((context) -> {
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(BindValidationException.class);
				assertThat(analyzeBindValidation(context).getDescription())
					.contains(named + " 'shop\\.(orders' is not a regular expression")
					.contains("Unclosed group");
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "yesterday|it is none of the accepted forms",
			"mysql-bin.000003:2|offset 2 lies before the first event",
			"gtid:0-1-x|'0-1-x' is not a GTID set", "gtid:3E11FA47-71CA-11E1-9E33:1-5|is not a GTID set" })
	void startPositionThatDoesNotParseFailsNamingTheProperty(String value, String reason) {
		this.contextRunner.withPropertyValues("binlog.start-position=" + value)
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription())
				.contains("Invalid binlog.start-position '" + value + "'")
				.contains(reason)
				.contains("Set binlog.start-position to"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  " })
	void blankPositionNameFailsNamingTheProperty(String name) {
		this.contextRunner.withPropertyValues("binlog.position.name=" + name)
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription())
				.contains("binlog.position.name must not be blank"));
	}

	@Test
	void everyBadValueIsNamedInOneFailure() {
		this.contextRunner.withPropertyValues("binlog.server-id=0", "binlog.connect-timeout=0",
				"binlog.position.name=")
			.run((context) -> assertThat(analyzeBindValidation(context).getDescription())
				.contains("binlog.server-id", "binlog.connect-timeout", "binlog.position.name"));
	}

	/**
	 * Return the analysis Spring Boot prints for a context that failed to bind its properties: the first analyzer
	 * from {@code spring.factories} that has one, which must be Spring Boot's bind validation analyzer.
	 */
	private static FailureAnalysis analyzeBindValidation(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		// analyzers that need a bean factory cannot be created here: they are logged and skipped
		for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler
				.logging(LogFactory.getLog(BinlogPropertiesValidationTests.class)))) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				assertThat(analyzer.getClass().getSimpleName()).as("analyzer of %s", failure)
					.isEqualTo("BindValidationFailureAnalyzer");
				assertThat(analysis.getAction()).contains("Update your application's configuration");
				return analysis;
			}
		}
		throw new AssertionError("No failure analysis for " + failure, failure);
	}

}
