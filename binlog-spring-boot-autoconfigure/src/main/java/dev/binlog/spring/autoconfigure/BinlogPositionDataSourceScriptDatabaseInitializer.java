package dev.binlog.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.binlog.spring.position.JdbcBinlogPositionStore;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;

/**
 * Creates the position table from the shipped (or a configured) schema script, with the configured table name.
 * MariaDB uses the MySQL script.
 */
public class BinlogPositionDataSourceScriptDatabaseInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<BinlogPositionJdbcProperties> {

	private final String tableName;

	/**
	 * Create an initializer.
	 * @param dataSource where the position table lives
	 * @param properties the position table properties
	 */
	public BinlogPositionDataSourceScriptDatabaseInitializer(DataSource dataSource,
			BinlogPositionJdbcProperties properties) {
		super(dataSource, properties, Map.of(DatabaseDriver.MARIADB, "mysql"));
		this.tableName = properties.getTableName();
	}

	@Override
	protected void runScripts(Scripts scripts) {
		List<Resource> renamed = new ArrayList<>();
		for (Resource script : scripts) {
			renamed.add(rename(script));
		}
		super.runScripts(new Scripts(renamed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(scripts.getEncoding()));
	}

	private Resource rename(Resource script) {
		if (this.tableName.equals(JdbcBinlogPositionStore.DEFAULT_TABLE_NAME)) {
			return script;
		}
		try {
			String sql = StreamUtils.copyToString(script.getInputStream(), StandardCharsets.UTF_8);
			return new ByteArrayResource(sql.replace(JdbcBinlogPositionStore.DEFAULT_TABLE_NAME, this.tableName)
				.getBytes(StandardCharsets.UTF_8), script.getDescription());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + script.getDescription(), ex);
		}
	}

}
