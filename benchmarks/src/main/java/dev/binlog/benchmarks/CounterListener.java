package dev.binlog.benchmarks;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery benchmark's listener, which is not idempotent: one JDBC {@code UPDATE} per row change, incrementing
 * the counter of the row's key ({@code id MOD 10000}) in the application's database. In at-least-once mode each
 * {@code UPDATE} commits on its own (auto-commit); in transactional mode it joins the delivery's transaction. A
 * change delivered twice or lost shows in the counters: {@link #check} compares them with the source table.
 */
class CounterListener {

	/** The application's database: the counters and, with the JDBC position store, the position table. */
	static final String APP_SCHEMA = "benchapp";

	static final int KEYS = 10_000;

	private static final String INCREMENT = "UPDATE " + APP_SCHEMA + ".counters SET n = n + 1 WHERE k = ?";

	private final Probe probe;

	private final JdbcTemplate jdbc;

	private final Source source;

	CounterListener(Probe probe, JdbcTemplate jdbc, Source source) {
		this.probe = probe;
		this.jdbc = jdbc;
		this.source = source;
	}

	@EventListener
	void on(TableChangeEvent event) {
		if (!event.getTable().equals(this.source.table())) {
			return;
		}
		for (RowChange change : event.getChanges()) {
			BigInteger id = change.row().getBigInteger("id");
			int updated = this.jdbc.update(INCREMENT, id.mod(BigInteger.valueOf(KEYS)).intValue());
			if (updated != 1) {
				throw new IllegalStateException("No counter for order " + id);
			}
		}
		this.probe.add(event.getChanges().size());
	}

	/** Creates the application's schema and its {@value #KEYS} counters at 0, dropping any position table. */
	static void reset(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE IF NOT EXISTS " + APP_SCHEMA);
			statement.execute("DROP TABLE IF EXISTS " + APP_SCHEMA + ".counters");
			// a saved position wins over binlog.start-position: every run starts without one
			statement.execute("DROP TABLE IF EXISTS " + APP_SCHEMA + ".binlog_position");
			statement.execute("CREATE TABLE " + APP_SCHEMA + ".counters (k INT PRIMARY KEY, n BIGINT NOT NULL)");
			statement.execute("INSERT INTO " + APP_SCHEMA + ".counters SELECT seq, 0 FROM " + Workload.SCHEMA
					+ ".seq_0_to_" + (KEYS - 1));
		}
	}

	/**
	 * Compares every counter with the number of changes of its key in the source table.
	 * @param changesPerRow changes of each row of the table: 2 for orders inserted and then updated
	 * @return the outcome
	 */
	static Check check(Connection connection, String sourceTable, int changesPerRow) throws SQLException {
		String expected = "SELECT id MOD " + KEYS + " AS k, " + changesPerRow + " * COUNT(*) AS n FROM " + Workload.SCHEMA + "."
				+ sourceTable + " GROUP BY id MOD " + KEYS;
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT (SELECT SUM(n) FROM " + APP_SCHEMA + ".counters), "
						+ "(SELECT " + changesPerRow + " * COUNT(*) FROM " + Workload.SCHEMA + "." + sourceTable + "), "
						+ "(SELECT COUNT(*) FROM " + APP_SCHEMA + ".counters c LEFT JOIN (" + expected
						+ ") e ON c.k = e.k WHERE c.n <> COALESCE(e.n, 0)), "
						+ "(SELECT COUNT(*) FROM " + APP_SCHEMA + ".counters)")) {
			rs.next();
			return new Check(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
		}
	}

	/**
	 * The table whose changes the listener counts (others it ignores).
	 *
	 * @param table the table's name in {@code bench}
	 */
	record Source(String table) {

	}

	/**
	 * @param counted the counters' sum
	 * @param changes the source table's changes
	 * @param wrongKeys counters that differ from their key's changes
	 * @param keys counters in all
	 */
	record Check(long counted, long changes, long wrongKeys, long keys) {

		boolean passed() {
			return this.counted == this.changes && this.wrongKeys == 0;
		}

		@Override
		public String toString() {
			return (passed() ? "PASS" : "FAIL") + String.format(": counters sum %,d, source changes %,d, %d of %,d counters differ from their key's changes",
					this.counted, this.changes, this.wrongKeys, this.keys);
		}

	}

}
