package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.autoconfigure.PropertiesBinlogConnectionDetails.JdbcLogin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link BinlogConnectionDetails} when the application defines none: the {@code binlog.*} properties, and where
 * they leave the server or the login open, the application's JDBC connection. With Spring Boot's JDBC support that
 * is its {@link JdbcConnectionDetails}, so that {@code @ServiceConnection} on a MariaDB or MySQL container and
 * Docker Compose give the binlog connection without any property.
 */
@Configuration(proxyBeanMethods = false)
class BinlogConnectionDetailsConfiguration {

	// without spring-boot-jdbc (a DataSource of the application's own, or none), the properties are all there is
	@Bean
	@ConditionalOnMissingBean(BinlogConnectionDetails.class)
	PropertiesBinlogConnectionDetails binlogConnectionDetails(BinlogProperties properties, Environment environment) {
		return new PropertiesBinlogConnectionDetails(properties, JdbcLogin.fromProperties(environment));
	}

	/**
	 * Registered before the outer bean method (member classes are processed first), which then backs off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcConnectionDetails.class)
	static class FromJdbcConnectionDetails {

		private static final String BOOT_PROPERTIES_DETAILS = "org.springframework.boot.jdbc.autoconfigure.PropertiesJdbcConnectionDetails";

		@Bean
		@ConditionalOnMissingBean(BinlogConnectionDetails.class)
		PropertiesBinlogConnectionDetails binlogConnectionDetails(BinlogProperties properties,
				Environment environment, ObjectProvider<JdbcConnectionDetails> jdbcConnectionDetails) {
			JdbcConnectionDetails jdbc = jdbcConnectionDetails.getIfUnique();
			// Boot's own adapter only mirrors spring.datasource.*, whose names make the clearer messages
			if (jdbc == null || jdbc.getClass().getName().equals(BOOT_PROPERTIES_DETAILS)) {
				return new PropertiesBinlogConnectionDetails(properties, JdbcLogin.fromProperties(environment));
			}
			return new PropertiesBinlogConnectionDetails(properties, new JdbcLogin(jdbc.getJdbcUrl(),
					jdbc.getUsername(), jdbc.getPassword(), "the JDBC URL of the JdbcConnectionDetails bean"));
		}

	}

}
