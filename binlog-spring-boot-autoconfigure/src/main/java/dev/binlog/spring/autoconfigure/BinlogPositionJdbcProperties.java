package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.position.JdbcBinlogPositionStore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Configuration properties of the JDBC position table.
 */
@ConfigurationProperties("binlog.position")
public class BinlogPositionJdbcProperties extends DatabaseInitializationProperties {

	private static final String DEFAULT_SCHEMA_LOCATION = "classpath:dev/binlog/spring/position/schema-@@platform@@.sql";

	/**
	 * Name of the position table. The shipped schema scripts create it under this name.
	 */
	private String tableName = JdbcBinlogPositionStore.DEFAULT_TABLE_NAME;

	public BinlogPositionJdbcProperties() {
		setInitializeSchema(DatabaseInitializationMode.EMBEDDED);
	}

	public String getTableName() {
		return this.tableName;
	}

	public void setTableName(String tableName) {
		this.tableName = tableName;
	}

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}
