package dev.binlog.spring.autoconfigure;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;

/**
 * Creates the lock table of the election with Spring Integration's schema script. MariaDB uses the MySQL script.
 */
public class BinlogLockDataSourceScriptDatabaseInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<BinlogLockJdbcProperties> {

	/**
	 * Create an initializer.
	 * @param dataSource where the lock table lives
	 * @param properties the lock table properties
	 */
	public BinlogLockDataSourceScriptDatabaseInitializer(DataSource dataSource, BinlogLockJdbcProperties properties) {
		super(dataSource, properties, Map.of(DatabaseDriver.MARIADB, "mysql"));
	}

}
