package dev.binlog.spring.integration;

import java.util.concurrent.ThreadLocalRandom;

import dev.binlog.spring.autoconfigure.BinlogAutoConfiguration;
import dev.binlog.test.EmbeddedMariaDb;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Application contexts with the binlog auto-configuration pointed at a test server.
 */
final class BinlogContexts {

	private BinlogContexts() {
	}

	static ApplicationContextRunner runner(EmbeddedMariaDb server) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BinlogAutoConfiguration.class))
			.withPropertyValues("binlog.host=" + server.host(), "binlog.port=" + server.port(),
					"binlog.username=" + server.username(), "binlog.password=" + server.password(),
					"binlog.server-id=" + ThreadLocalRandom.current().nextInt(1000, 1_000_000),
					"binlog.connect-timeout=5s");
	}

}
