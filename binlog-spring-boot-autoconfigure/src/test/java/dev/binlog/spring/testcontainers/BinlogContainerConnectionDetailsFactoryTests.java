package dev.binlog.spring.testcontainers;

import dev.binlog.spring.autoconfigure.BinlogConnectionDetails;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.mysql.MySQLContainer;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.TestContainerConnectionSources;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The factory Spring Boot's {@code @ServiceConnection} uses for MariaDB and MySQL containers. There is no Docker
 * here: these tests check that Spring Boot finds the factory and what it makes of a container object whose start
 * only configures it (the login, and the root password the image is given); the host and port need a running
 * container.
 */
class BinlogContainerConnectionDetailsFactoryTests {

	@Test
	void factoryIsRegisteredForSpringBootToFind() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ConnectionDetailsFactory.class))
			.hasAtLeastOneElementOfType(BinlogContainerConnectionDetailsFactory.class);
	}

	@Test
	void mariaDbContainerIsStreamedAsRootWithTheContainersPassword() throws Exception {
		MariaDBContainer container = new MariaDBContainer("mariadb:11.4") {

			@Override
			public void start() {
				// stands for the container Docker would have started: the environment it would be given
				configure();
			}

		}.withUsername("shop").withPassword("container-pw-1");
		BinlogConnectionDetails details = details(MariaDBContainer.class, "mariadb:11.4", container);
		assertThat(details.getUsername()).isEqualTo("root");
		assertThat(details.getPassword()).isEqualTo("container-pw-1")
			.isEqualTo(container.getEnvMap().get("MYSQL_ROOT_PASSWORD"));
	}

	@Test
	void mysqlContainerIsStreamedAsRootWithTheContainersPassword() throws Exception {
		MySQLContainer container = new MySQLContainer("mysql:8.4") {

			@Override
			public void start() {
				// stands for the container Docker would have started: the environment it would be given
				configure();
			}

		}.withUsername("shop").withPassword("container-pw-2");
		BinlogConnectionDetails details = details(MySQLContainer.class, "mysql:8.4", container);
		assertThat(details.getUsername()).isEqualTo("root");
		assertThat(details.getPassword()).isEqualTo("container-pw-2")
			.isEqualTo(container.getEnvMap().get("MYSQL_ROOT_PASSWORD"));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static <C extends JdbcDatabaseContainer<?>> BinlogConnectionDetails details(Class<C> type, String image,
			C container) throws Exception {
		BinlogConnectionDetails details = new BinlogContainerConnectionDetailsFactory()
			.getConnectionDetails((org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource) TestContainerConnectionSources
				.of(type, image, container));
		assertThat(details).as("details for a %s container", image).isNotNull();
		// as Spring Boot does once the container has started: the details read from it only then
		((InitializingBean) details).afterPropertiesSet();
		return details;
	}

}
