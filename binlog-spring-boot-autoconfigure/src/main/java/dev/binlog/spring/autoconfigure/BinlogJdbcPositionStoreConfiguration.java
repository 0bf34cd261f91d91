package dev.binlog.spring.autoconfigure;

import javax.sql.DataSource;

import dev.binlog.spring.position.BinlogPositionStore;
import dev.binlog.spring.position.JdbcBinlogPositionStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;

/**
 * The JDBC position store, in the {@link BinlogDataSource @BinlogDataSource} if there is one, else in the
 * application's DataSource; with the schema initializer for its table.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JdbcAggregateTemplate.class, DatabaseInitializationDependencyConfigurer.class,
		org.springframework.boot.jdbc.init.DatabaseInitializationProperties.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnExpression("!'${binlog.position.store:auto}'.equalsIgnoreCase('memory')")
@EnableConfigurationProperties(BinlogPositionJdbcProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
class BinlogJdbcPositionStoreConfiguration {

	@Bean
	@ConditionalOnMissingBean(BinlogPositionStore.class)
	@DependsOnDatabaseInitialization
	JdbcBinlogPositionStore binlogPositionStore(ObjectProvider<DataSource> dataSource,
			@BinlogDataSource ObjectProvider<DataSource> binlogDataSource, BinlogPositionJdbcProperties properties) {
		return new JdbcBinlogPositionStore(binlogDataSource.getIfAvailable(dataSource::getObject),
				properties.getTableName());
	}

	@Bean
	@ConditionalOnMissingBean
	BinlogPositionDataSourceScriptDatabaseInitializer binlogPositionDataSourceScriptDatabaseInitializer(
			ObjectProvider<DataSource> dataSource, @BinlogDataSource ObjectProvider<DataSource> binlogDataSource,
			BinlogPositionJdbcProperties properties) {
		return new BinlogPositionDataSourceScriptDatabaseInitializer(binlogDataSource.getIfAvailable(dataSource::getObject),
				properties);
	}

}
