package dev.binlog.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.binlog.spring.position.JdbcBinlogPositionStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.util.ReflectionUtils;
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
		super(dataSource, withPlatformFromUrl(dataSource, properties), Map.of(DatabaseDriver.MARIADB, "mysql"));
		this.tableName = properties.getTableName();
	}

	// the script's platform is otherwise found through a connection, while the context is created: a database that
	// is down then fails the start with a bare stack trace instead of the container's message
	private static BinlogPositionJdbcProperties withPlatformFromUrl(DataSource dataSource,
			BinlogPositionJdbcProperties properties) {
		if (properties.getPlatform() == null) {
			String url = jdbcUrl(dataSource);
			DatabaseDriver driver = (url != null) ? DatabaseDriver.fromJdbcUrl(url) : DatabaseDriver.UNKNOWN;
			if (driver != DatabaseDriver.UNKNOWN) {
				properties.setPlatform((driver == DatabaseDriver.MARIADB) ? "mysql" : driver.getId());
			}
		}
		return properties;
	}

	private static @Nullable String jdbcUrl(DataSource dataSource) {
		for (String getter : new String[] { "getJdbcUrl", "getUrl" }) {
			Method method = ReflectionUtils.findMethod(dataSource.getClass(), getter);
			if (method != null && method.getReturnType() == String.class) {
				Object url = ReflectionUtils.invokeMethod(method, dataSource);
				if (url != null) {
					return (String) url;
				}
			}
		}
		return null;
	}

	// the default table's name where a statement names a table: CREATE/ALTER/DROP TABLE [IF [NOT] EXISTS] x, ON x
	private static final Pattern TABLE_NAME = Pattern.compile("(?i)(\\bTABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?|\\bON\\s+)"
			+ JdbcBinlogPositionStore.DEFAULT_TABLE_NAME + "\\b");

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
			// only where a table is named: the record's column binlog_position has the default table's name too
			String renamed = TABLE_NAME.matcher(sql).replaceAll("$1" + Matcher.quoteReplacement(this.tableName));
			return new ByteArrayResource(renamed.getBytes(StandardCharsets.UTF_8), script.getDescription());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + script.getDescription(), ex);
		}
	}

}
