package dev.binlog.spring.integration;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import dev.binlog.spring.autoconfigure.BinlogAutoConfiguration;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Application contexts with the binlog auto-configuration pointed at a test server, and what tests ask of them.
 */
final class BinlogContexts {

	private BinlogContexts() {
	}

	/**
	 * Return a runner streaming from the server as root, with a server id of its own and positions in memory.
	 * @param server the server
	 * @return the runner
	 */
	static ApplicationContextRunner runner(EmbeddedMariaDb server) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BinlogAutoConfiguration.class))
			.withPropertyValues("binlog.host=" + server.host(), "binlog.port=" + server.port(),
					"binlog.username=" + server.username(), "binlog.password=" + server.password(),
					"binlog.server-id=" + ThreadLocalRandom.current().nextInt(1000, 1_000_000),
					"binlog.connect-timeout=5s", "binlog.position.store=memory");
	}

	/**
	 * Return a runner capturing one schema, with a {@code DataSource} on that schema whose {@code binlog_position}
	 * table keeps the position, saved after every transaction: the table lives in the watched database.
	 * @param server the server
	 * @param schema the schema to capture and to keep the position in
	 * @return the runner
	 */
	static ApplicationContextRunner runner(EmbeddedMariaDb server, String schema) {
		return runner(server).withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + server.jdbcUrl(schema),
					"spring.datasource.username=" + server.username(),
					"spring.datasource.password=" + server.password(), "binlog.position.store=jdbc",
					"binlog.position.initialize-schema=always",
					"binlog.position.flush-interval=0", "binlog.include=" + schema + "\\..*");
	}

	/**
	 * Wait until one of two containers has failed.
	 * @param one a container
	 * @param two another container
	 * @return the one that failed (the first, if both did)
	 */
	static BinlogListenerContainer awaitEitherFailed(BinlogListenerContainer one, BinlogListenerContainer two) {
		await().atMost(TIMEOUT)
			.until(() -> one.getStatus().state() == ContainerState.FAILED
					|| two.getStatus().state() == ContainerState.FAILED);
		return (one.getStatus().state() == ContainerState.FAILED) ? one : two;
	}

	/**
	 * Return the starter's analysis of a context that failed to start, which Spring Boot would print.
	 * @param context a context that failed
	 * @return the analysis of the starter's failure analyzer
	 */
	/**
	 * Wait until the container has delivered everything the server wrote so far, its own first position save
	 * included.
	 * @param container the container
	 */
	static void awaitCaughtUp(BinlogListenerContainer container) {
		await().atMost(TIMEOUT).until(() -> {
			var server = container.serverPosition();
			var committed = container.committedPosition();
			return committed != null && committed.file().equals(server.file())
					&& committed.position() == server.position();
		});
	}

	/**
	 * Wait until the container has read everything the server wrote so far (delivered or not).
	 * @param container the container
	 */
	static void awaitRead(BinlogListenerContainer container) {
		await().atMost(TIMEOUT).until(() -> {
			var server = container.serverPosition();
			var current = container.getStatus().currentPosition();
			return current != null && current.file().equals(server.file()) && current.position() == server.position();
		});
	}

	static FailureAnalysis analyze(AssertableApplicationContext context) {
		return analyze(context, "binlog ", (analyzer) -> analyzer.getClass().getName().startsWith("dev.binlog"));
	}

	/**
	 * Return the analysis of a context that failed to start by whichever analyzer, Spring Boot's own included, first
	 * has one.
	 * @param context a context that failed
	 * @return the first analysis
	 */
	static FailureAnalysis analyzeWithAnyAnalyzer(AssertableApplicationContext context) {
		return analyze(context, "", (analyzer) -> true);
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context, String kind,
			Predicate<FailureAnalyzer> accepted) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		// other analyzers need a bean factory: log and skip them, ours must load from spring.factories
		for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler
				.logging(org.apache.commons.logging.LogFactory.getLog(BinlogContexts.class)))) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null && accepted.test(analyzer)) {
				return analysis;
			}
		}
		throw new AssertionError("No " + kind + "failure analysis for " + failure, failure);
	}

}
