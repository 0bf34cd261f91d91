package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real MariaDB servers with the binary log on, shared by the integration tests of one JVM and closed when it
 * exits, so that each kind of server starts once.
 */
final class TestServers {

	private static final Map<RowMetadata, EmbeddedMariaDb> servers = new EnumMap<>(RowMetadata.class);

	private static final AtomicInteger schemas = new AtomicInteger();

	private TestServers() {
	}

	/**
	 * Return the shared server writing the given row metadata.
	 * @param rowMetadata FULL or MINIMAL
	 * @return a running server
	 */
	static synchronized EmbeddedMariaDb get(RowMetadata rowMetadata) {
		return servers.computeIfAbsent(rowMetadata, (metadata) -> {
			EmbeddedMariaDb server = EmbeddedMariaDb.builder().rowMetadata(metadata).serverId(1).start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			return server;
		});
	}

	/**
	 * Return a schema name no other test uses.
	 * @param prefix a readable prefix
	 * @return the name
	 */
	static String uniqueSchema(String prefix) {
		return prefix + "_" + schemas.incrementAndGet();
	}

	/**
	 * Return the first column of the first row of a query, run as root.
	 * @param server the server
	 * @param sql the query
	 * @return the value as text
	 * @throws SQLException if the query fails
	 */
	static String queryForString(EmbeddedMariaDb server, String sql) throws SQLException {
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			assertThat(rs.next()).as("a row from %s", sql).isTrue();
			return rs.getString(1);
		}
	}

	/**
	 * Return where the server writes its binlog now, as {@code binlog.start-position} takes it.
	 * @param server the server
	 * @return file and position, such as {@code mysql-bin.000001:1234}
	 * @throws SQLException if the query fails
	 */
	static String binlogPosition(EmbeddedMariaDb server) throws SQLException {
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SHOW MASTER STATUS")) {
			assertThat(rs.next()).as("a row from SHOW MASTER STATUS").isTrue();
			return rs.getString(1) + ":" + rs.getLong(2);
		}
	}

	/**
	 * Run statements on one connection and return where the binlog transaction they committed last ends, read
	 * from the binlog itself. {@code SHOW MASTER STATUS} after the statements is no such measure: a container may
	 * already have written its own transaction (a position, a listener's writes) behind it.
	 * @param server the server
	 * @param sql the statements; the last must commit a transaction that is written to the binlog
	 * @return file and position after the transaction's commit event
	 * @throws SQLException if a statement fails
	 */
	static String executeAndLocate(EmbeddedMariaDb server, String... sql) throws SQLException {
		String before = binlogPosition(server);
		String gtid;
		try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
			try (ResultSet rs = statement.executeQuery("SELECT @@last_gtid")) {
				assertThat(rs.next()).isTrue();
				gtid = rs.getString(1);
			}
		}
		String file = before.substring(0, before.indexOf(':'));
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SHOW BINLOG EVENTS IN '" + file + "' FROM "
						+ before.substring(before.indexOf(':') + 1))) {
			boolean inTransaction = false;
			while (rs.next()) {
				String type = rs.getString("Event_type");
				String info = rs.getString("Info");
				if ("Gtid".equals(type)) {
					inTransaction = info != null && info.endsWith("GTID " + gtid);
				}
				else if (inTransaction && ("Xid".equals(type) || "COMMIT".equalsIgnoreCase(info))) {
					return file + ":" + rs.getLong("End_log_pos");
				}
			}
		}
		throw new AssertionError("Transaction " + gtid + " not found in " + file + " after " + before);
	}

}
