package dev.binlog.spring.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.binlog.spring.dispatch.EntityReaders;
import dev.binlog.spring.entity.JdbcEntityReaders;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.jdbc.core.convert.JdbcConverter;

/**
 * Entity change events for applications with Spring Data JDBC: rows read through the application's
 * {@link JdbcConverter}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcConverter.class)
class BinlogEntityConfiguration {

	@Bean
	@ConditionalOnMissingBean(EntityReaders.class)
	JdbcEntityReaders binlogEntityReaders(ObjectProvider<JdbcConverter> converter,
			ObjectProvider<DataSource> dataSource) {
		// a repository reads an entity without a schema in its mapping from its connection's database
		return new JdbcEntityReaders(converter, () -> {
			DataSource applicationDataSource = dataSource.getIfUnique();
			return (applicationDataSource != null) ? catalog(applicationDataSource) : null;
		});
	}

	private static @Nullable String catalog(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getCatalog();
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Cannot read the application's database, the schema of "
					+ "entities whose mapping names none", ex);
		}
	}

}
