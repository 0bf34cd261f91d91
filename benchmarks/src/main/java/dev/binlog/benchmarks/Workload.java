package dev.binlog.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.binlog.test.EmbeddedMariaDb;

/**
 * The benchmark's tables and the statements that fill them. Every row is made by the server from MariaDB's
 * {@code seq_<from>_to_<to>} sequence tables, so loading costs no client round trip per row.
 */
final class Workload {

	static final String SCHEMA = "bench";

	/** Columns of a realistic order table: integers, an ENUM, a DECIMAL, utf8mb4 text, temporals and JSON. */
	private static final String ORDER_COLUMNS = """
			id BIGINT UNSIGNED PRIMARY KEY,
			customer_id INT,
			status ENUM('NEW','PAID','SHIPPED','CANCELLED'),
			total DECIMAL(12,2),
			note VARCHAR(200) CHARACTER SET utf8mb4,
			created DATETIME(6),
			updated TIMESTAMP(3),
			attrs JSON""";

	/** The values of one generated order, {@code seq} being its id. */
	private static final String ORDER_VALUES = """
			seq,
			seq MOD 50000,
			ELT(1 + seq MOD 4, 'NEW', 'PAID', 'SHIPPED', 'CANCELLED'),
			ROUND((seq MOD 100000) * 1.37, 2),
			CONCAT('Bestellung ', seq, ' für Kunde ', seq MOD 50000, ' – grüße ✓'),
			TIMESTAMP'2024-05-01 12:00:00.123456' + INTERVAL seq SECOND,
			NOW(3),
			JSON_OBJECT('sku', CONCAT('SKU-', seq MOD 1000), 'qty', 1 + seq MOD 5, 'gift', seq MOD 2 = 0)""";

	private final EmbeddedMariaDb db;

	Workload(EmbeddedMariaDb db) {
		this.db = db;
	}

	void createSchema() {
		this.db.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
	}

	/** Creates (or re-creates) an empty order table. */
	void createOrderTable(String table) {
		this.db.execute("DROP TABLE IF EXISTS " + SCHEMA + "." + table,
				"CREATE TABLE " + SCHEMA + "." + table + " (" + ORDER_COLUMNS + ")");
	}

	/** Creates (or re-creates) the latency table: the order columns and the writer's transaction number. */
	void createLatencyTable(String table) {
		this.db.execute("DROP TABLE IF EXISTS " + SCHEMA + "." + table, "CREATE TABLE " + SCHEMA + "." + table + " ("
				+ ORDER_COLUMNS + ",\n txn INT NOT NULL, KEY (txn))");
	}

	/** The statement that inserts orders {@code from..to} in one transaction (auto-commit). */
	static String insertOrders(String table, long from, long to) {
		return "INSERT INTO " + SCHEMA + "." + table + " SELECT " + ORDER_VALUES + " FROM " + SCHEMA + ".seq_" + from + "_to_" + to;
	}

	/** The statement that inserts rows {@code from..to} of the latency table, all of transaction {@code txn}. */
	static String insertLatencyRows(String table, long from, long to, long txn) {
		return "INSERT INTO " + SCHEMA + "." + table + " SELECT " + ORDER_VALUES + ", " + txn + " FROM " + SCHEMA + ".seq_" + from
				+ "_to_" + to;
	}

	/** The statement that changes orders {@code from..to} in one transaction (auto-commit). */
	static String updateOrders(String table, long from, long to) {
		return "UPDATE " + SCHEMA + "." + table + " SET status = ELT(1 + (id + 1) MOD 4, 'NEW', 'PAID', 'SHIPPED', "
				+ "'CANCELLED'), total = total + 1.00, note = CONCAT('geändert: ', note), updated = NOW(3)"
				+ " WHERE id BETWEEN " + from + " AND " + to;
	}

	/**
	 * Inserts {@code rows} orders, then updates every one, both in transactions of {@code batch} rows.
	 * @return the milliseconds the inserts and the updates took
	 */
	long[] loadAndUpdate(String table, long rows, int batch) throws SQLException {
		long[] millis = new long[2];
		try (Connection connection = this.db.connect(); Statement statement = connection.createStatement()) {
			long start = System.nanoTime();
			for (long from = 1; from <= rows; from += batch) {
				long to = Math.min(rows, from + batch - 1);
				int inserted = statement.executeUpdate(insertOrders(table, from, to));
				check(inserted, to - from + 1, "inserted");
			}
			millis[0] = (System.nanoTime() - start) / 1_000_000;
			start = System.nanoTime();
			for (long from = 1; from <= rows; from += batch) {
				long to = Math.min(rows, from + batch - 1);
				int updated = statement.executeUpdate(updateOrders(table, from, to));
				check(updated, to - from + 1, "updated");
			}
			millis[1] = (System.nanoTime() - start) / 1_000_000;
		}
		return millis;
	}

	/** Inserts {@code rows} orders in one single transaction. */
	void loadOneTransaction(String table, long rows) throws SQLException {
		try (Connection connection = this.db.connect(); Statement statement = connection.createStatement()) {
			int inserted = statement.executeUpdate(insertOrders(table, 1, rows));
			check(inserted, rows, "inserted");
		}
	}

	private static void check(long actual, long expected, String what) {
		if (actual != expected) {
			throw new IllegalStateException(what + " " + actual + " rows, expected " + expected);
		}
	}

	/** {@code SHOW MASTER STATUS} and {@code @@gtid_binlog_pos}. */
	BinlogMark mark() throws SQLException {
		try (Connection connection = this.db.connect(); Statement statement = connection.createStatement()) {
			String file;
			long position;
			try (ResultSet rs = statement.executeQuery("SHOW MASTER STATUS")) {
				if (!rs.next()) {
					throw new IllegalStateException("SHOW MASTER STATUS returned nothing: is the binary log on?");
				}
				file = rs.getString("File");
				position = rs.getLong("Position");
			}
			try (ResultSet rs = statement.executeQuery("SELECT @@gtid_binlog_pos")) {
				rs.next();
				return new BinlogMark(file, position, rs.getString(1));
			}
		}
	}

	/** Total size of the binary logs, in bytes. */
	long binlogBytes() throws SQLException {
		long total = 0;
		try (Connection connection = this.db.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SHOW BINARY LOGS")) {
			while (rs.next()) {
				total += rs.getLong(2);
			}
		}
		return total;
	}

	String serverVersion() throws SQLException {
		try (Connection connection = this.db.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT VERSION(), @@binlog_format, @@binlog_row_metadata, "
						+ "@@binlog_row_image, @@innodb_buffer_pool_size, @@innodb_flush_log_at_trx_commit, "
						+ "@@sync_binlog")) {
			rs.next();
			return rs.getString(1) + ", binlog_format=" + rs.getString(2) + ", binlog_row_metadata=" + rs.getString(3)
					+ ", binlog_row_image=" + rs.getString(4) + ", innodb_buffer_pool_size="
					+ (rs.getLong(5) >> 20) + "M, innodb_flush_log_at_trx_commit=" + rs.getString(6)
					+ ", sync_binlog=" + rs.getString(7);
		}
	}

}
