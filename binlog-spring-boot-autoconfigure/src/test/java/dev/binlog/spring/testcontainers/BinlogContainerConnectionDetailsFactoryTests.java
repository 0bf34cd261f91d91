package dev.binlog.spring.testcontainers;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The factory Spring Boot's {@code @ServiceConnection} uses for MariaDB and MySQL containers. There is no Docker
 * here: these tests check that Spring Boot finds and can create the factory, not a running container.
 */
class BinlogContainerConnectionDetailsFactoryTests {

	@Test
	void factoryIsRegisteredForSpringBootToFind() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ConnectionDetailsFactory.class))
			.hasAtLeastOneElementOfType(BinlogContainerConnectionDetailsFactory.class);
	}

}
