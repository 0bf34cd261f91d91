package dev.binlog.sample;

import java.util.Map;

import dev.binlog.test.EmbeddedMariaDb;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A small shop: {@link ShopWorkload} places, pays, ships and cancels orders in MariaDB; the binlog starter turns
 * each change into an application event; {@link OrderAuditListener} writes an audit trail and
 * {@link OrderReadModel} keeps an in-memory view of the orders, both without touching the code that writes orders.
 */
@SpringBootApplication
public class ShopApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ShopApplication.class);
		EmbeddedMariaDb database = null;
		if (!isConfigured(args)) {
			// no database given: start one with the binary log on, so the sample runs with a single command
			database = EmbeddedMariaDb.builder().start();
			database.execute("CREATE DATABASE IF NOT EXISTS shop");
			application.setDefaultProperties(Map.of("spring.datasource.url", database.jdbcUrl("shop"),
					"spring.datasource.username", database.username(), "spring.datasource.password",
					database.password()));
		}
		ConfigurableApplicationContext context = application.run(args);
		boolean keepRunning = context.getEnvironment().getProperty("sample.keep-running", Boolean.class, false);
		if (!keepRunning) {
			context.close();
			if (database != null) {
				database.close();
			}
		}
		else if (database != null) {
			EmbeddedMariaDb started = database;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close));
		}
	}

	private static boolean isConfigured(String[] args) {
		for (String arg : args) {
			if (arg.startsWith("--spring.datasource.url=") || arg.startsWith("--binlog.host=")) {
				return true;
			}
		}
		return System.getenv("SPRING_DATASOURCE_URL") != null || System.getProperty("spring.datasource.url") != null
				|| System.getenv("BINLOG_HOST") != null || System.getProperty("binlog.host") != null;
	}

}
