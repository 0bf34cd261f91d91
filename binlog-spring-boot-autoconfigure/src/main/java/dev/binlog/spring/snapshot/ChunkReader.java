package dev.binlog.spring.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.decoding.DecodingOptions;
import dev.binlog.spring.snapshot.SnapshotTable.SnapshotColumn;
import org.jspecify.annotations.Nullable;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads one chunk of a table by key ({@code WHERE key > last ORDER BY key LIMIT n}) inside a read-only
 * {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}, whose {@code binlog_snapshot_file} and
 * {@code binlog_snapshot_position} status variables (MariaDB) name the exact binlog position the read sees: every
 * transaction before it, none after. No lock is taken and nothing is written.
 * <p>
 * The chunks of one table are read on one connection ({@link #open()}): the binlog server's {@code DataSource}
 * opens a connection per use, which took longer than reading a chunk of 1024 rows.
 */
final class ChunkReader {

	private final JdbcTemplate jdbc;

	private final SnapshotValues values;

	ChunkReader(JdbcTemplate jdbc, SnapshotValues values) {
		this.jdbc = jdbc;
		this.values = values;
	}

	/**
	 * Open a connection for the chunks of one table.
	 * @return the session, to close once the table is read
	 */
	Session open() {
		DataSource dataSource = this.jdbc.getDataSource();
		if (dataSource == null) {
			throw new IllegalStateException("The binlog server's JdbcTemplate has no DataSource");
		}
		try {
			return new Session(dataSource.getConnection());
		}
		catch (SQLException ex) {
			throw translate("open a connection for a snapshot", null, ex);
		}
	}

	private DataAccessException translate(String task, @Nullable String sql, SQLException ex) {
		DataAccessException translated = this.jdbc.getExceptionTranslator().translate(task, sql, ex);
		return (translated != null) ? translated : new UncategorizedSQLException(task, sql, ex);
	}

	private Chunk read(Connection connection, SnapshotTable table, String sql, @Nullable List<Object> after)
			throws SQLException {
		try (Statement statement = connection.createStatement()) {
			// the consistent snapshot needs REPEATABLE READ whatever the connection's default
			statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
			statement.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
			try {
				BinlogPosition watermark = watermark(statement, table);
				List<Row> rows = new ArrayList<>();
				Object[] rawKey = null;
				Row.Layout layout = table.layout();
				List<SnapshotColumn> columns = table.columns();
				int[] keyIndexes = table.keyIndexes();
				try (PreparedStatement select = connection.prepareStatement(sql)) {
					if (after != null) {
						bindAfter(select, after);
					}
					try (ResultSet rs = select.executeQuery()) {
						while (rs.next()) {
							Object[] cells = new Object[columns.size()];
							for (int i = 0; i < cells.length; i++) {
								cells[i] = this.values.read(rs, i + 1, table, columns.get(i));
							}
							rows.add(Row.of(layout, cells));
							rawKey = (rawKey != null) ? rawKey : new Object[keyIndexes.length];
							for (int k = 0; k < keyIndexes.length; k++) {
								// the raw key, bound as read for the next chunk's comparison
								rawKey[k] = rs.getObject(columns.size() + 1 + k);
							}
						}
					}
				}
				return new Chunk(watermark, rows, (rawKey != null) ? Arrays.asList(rawKey) : null);
			}
			finally {
				statement.execute("COMMIT");
			}
		}
	}

	private static BinlogPosition watermark(Statement statement, SnapshotTable table) throws SQLException {
		String file = null;
		long position = -1;
		try (ResultSet rs = statement.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
			while (rs.next()) {
				if ("binlog_snapshot_file".equalsIgnoreCase(rs.getString(1))) {
					file = rs.getString(2);
				}
				else if ("binlog_snapshot_position".equalsIgnoreCase(rs.getString(1))) {
					position = Long.parseLong(rs.getString(2));
				}
			}
		}
		if (file == null || file.isEmpty() || position < 0) {
			throw new BinlogStreamException("Cannot snapshot " + table + ": the server does not report the binlog "
					+ "position of a consistent snapshot (status binlog_snapshot_file and binlog_snapshot_position).",
					"Snapshots need MariaDB with the binary log on; MySQL is not supported for snapshots yet.");
		}
		return new BinlogPosition(file, position, null);
	}

	// the key columns are selected a second time, raw, so that the next chunk binds exactly what the server compares
	static String sql(SnapshotTable table, @Nullable String condition, boolean after, int size) {
		StringBuilder sql = new StringBuilder("SELECT ");
		sql.append(table.columns().stream().map((column) -> selectOf(table, column)).collect(Collectors.joining(", ")));
		for (String key : table.key()) {
			sql.append(", ").append(SnapshotValues.quote(key));
		}
		sql.append(" FROM ").append(SnapshotValues.quote(table.schema())).append('.')
			.append(SnapshotValues.quote(table.table()));
		List<String> where = new ArrayList<>();
		if (after) {
			where.add(keyAfter(table.key()));
		}
		if (condition != null) {
			where.add("(" + condition + ")");
		}
		if (!where.isEmpty()) {
			sql.append(" WHERE ").append(String.join(" AND ", where));
		}
		sql.append(" ORDER BY ").append(table.key().stream().map(SnapshotValues::quote).collect(Collectors.joining(", ")));
		sql.append(" LIMIT ").append(size);
		return sql.toString();
	}

	private static String selectOf(SnapshotTable table, SnapshotColumn column) {
		// the select expressions do not depend on the decoding options
		return new SnapshotValues(DecodingOptions.DEFAULTS).select(table, column);
	}

	// (a, b) > (?, ?) spelled out as a > ? OR (a = ? AND b > ?), which the range optimizer reads as index ranges
	static String keyAfter(List<String> key) {
		List<String> alternatives = new ArrayList<>();
		for (int i = 0; i < key.size(); i++) {
			StringBuilder alternative = new StringBuilder("(");
			for (int j = 0; j < i; j++) {
				alternative.append(SnapshotValues.quote(key.get(j))).append(" = ? AND ");
			}
			alternative.append(SnapshotValues.quote(key.get(i))).append(" > ?)");
			alternatives.add(alternative.toString());
		}
		return "(" + String.join(" OR ", alternatives) + ")";
	}

	private static void bindAfter(PreparedStatement select, List<Object> after) throws SQLException {
		int parameter = 1;
		for (int i = 0; i < after.size(); i++) {
			for (int j = 0; j <= i; j++) {
				select.setObject(parameter++, after.get(j));
			}
		}
	}

	/**
	 * The connection the chunks of one table are read on.
	 */
	final class Session implements AutoCloseable {

		private final Connection connection;

		private Session(Connection connection) {
			this.connection = connection;
		}

		/**
		 * Read the next chunk.
		 * @param table the table
		 * @param condition a {@code WHERE} condition that limits the rows, or {@code null}
		 * @param after the key of the last row of the previous chunk (as the driver read it), or {@code null} for
		 * the first chunk
		 * @param size the most rows to read
		 * @return the chunk
		 */
		Chunk read(SnapshotTable table, @Nullable String condition, @Nullable List<Object> after, int size) {
			String sql = sql(table, condition, after != null, size);
			try {
				return ChunkReader.this.read(this.connection, table, sql, after);
			}
			catch (SQLException ex) {
				throw translate("read a snapshot chunk of " + table, sql, ex);
			}
		}

		@Override
		public void close() {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// every chunk read on it was read completely: nothing depends on the close
			}
		}

	}

	/**
	 * One chunk.
	 *
	 * @param watermark the binlog position the read saw
	 * @param rows the rows, in key order
	 * @param lastKey the raw key of the last row, or {@code null} if the chunk is empty
	 */
	record Chunk(BinlogPosition watermark, List<Row> rows, @Nullable List<Object> lastKey) {
	}

}
