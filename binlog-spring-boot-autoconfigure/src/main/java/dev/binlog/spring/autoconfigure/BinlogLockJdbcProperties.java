package dev.binlog.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Configuration properties of the lock table of the default JDBC lock registry, created with the schema scripts
 * Spring Integration ships.
 */
@ConfigurationProperties("binlog.cluster.jdbc")
public class BinlogLockJdbcProperties extends DatabaseInitializationProperties {

	private static final String DEFAULT_SCHEMA_LOCATION = "classpath:org/springframework/integration/jdbc/schema-@@platform@@.sql";

	/**
	 * Prefix of the lock table's name: the table is the prefix followed by LOCK.
	 */
	private String tablePrefix = "INT_";

	/**
	 * Region of the election locks in the lock table, to keep them apart from other locks there.
	 */
	private String region = "DEFAULT";

	public BinlogLockJdbcProperties() {
		setInitializeSchema(DatabaseInitializationMode.EMBEDDED);
		// Spring Integration's scripts create their tables without IF NOT EXISTS: the next start must not fail on them
		setContinueOnError(true);
	}

	public String getTablePrefix() {
		return this.tablePrefix;
	}

	public void setTablePrefix(String tablePrefix) {
		this.tablePrefix = tablePrefix;
	}

	public String getRegion() {
		return this.region;
	}

	public void setRegion(String region) {
		this.region = region;
	}

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}
