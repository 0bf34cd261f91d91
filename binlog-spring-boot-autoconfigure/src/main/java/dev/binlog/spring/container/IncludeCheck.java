package dev.binlog.spring.container;

import java.util.List;
import java.util.regex.Pattern;

import dev.binlog.spring.connection.BinlogServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Warns at start about {@code binlog.include} patterns that match no table the user can see: a typo, a table that
 * does not exist yet, or a missing {@code SELECT} grant, each of which would otherwise deliver nothing silently.
 */
final class IncludeCheck {

	private static final Log logger = LogFactory.getLog(IncludeCheck.class);

	private IncludeCheck() {
	}

	static void warnAboutIncludesWithoutTables(BinlogServer server, String username, List<String> includes) {
		if (includes.isEmpty()) {
			return;
		}
		List<String> visible = server.jdbc()
			.queryForList("SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.TABLES "
					+ "WHERE TABLE_TYPE = 'BASE TABLE'", String.class);
		for (String include : includes) {
			Pattern pattern = Pattern.compile(include);
			if (visible.stream().noneMatch((table) -> pattern.matcher(table).matches())) {
				logger.warn("binlog.include pattern '" + include + "' matches no table that user '"
						+ username + "' can see on " + server.describe()
						+ ": the table does not exist (yet), or the user lacks SELECT on it");
			}
		}
	}

}
