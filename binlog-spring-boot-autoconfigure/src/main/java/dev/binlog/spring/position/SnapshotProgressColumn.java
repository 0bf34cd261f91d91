package dev.binlog.spring.position;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@code snapshot_progress} column of the position table: where the table snapshots that run beside the stream
 * stand, written in the same database transaction as the position it belongs to.
 * <p>
 * Plain SQL rather than a property of the record: tables created before the column existed keep working for
 * everything but snapshots, which ask for the column with an {@code ALTER TABLE} to run.
 */
final class SnapshotProgressColumn {

	static final String COLUMN = "snapshot_progress";

	private final NamedParameterJdbcTemplate jdbc;

	private final String tableName;

	// null until looked up; a table without the column is asked again by check(), after an ALTER TABLE
	private volatile @Nullable Boolean present;

	SnapshotProgressColumn(DataSource dataSource, String tableName) {
		this.jdbc = new NamedParameterJdbcTemplate(dataSource);
		this.tableName = tableName;
	}

	/**
	 * Fail with what to run when the table lacks the column.
	 */
	void check() {
		if (Boolean.TRUE.equals(this.present)) {
			return;
		}
		try {
			this.jdbc.getJdbcOperations()
				.queryForList("SELECT " + COLUMN + " FROM " + this.tableName + " WHERE 1 = 0", String.class);
			this.present = true;
		}
		catch (BadSqlGrammarException ex) {
			this.present = false;
			throw new IllegalStateException("Position table " + this.tableName + " has no column '" + COLUMN
					+ "', where table snapshots keep their progress so that a restart continues them from the last "
					+ "completed chunk. Add it: ALTER TABLE " + this.tableName + " ADD " + COLUMN
					+ " MEDIUMTEXT (TEXT on PostgreSQL, CLOB on H2; the shipped schema scripts create it).", ex);
		}
	}

	/**
	 * Return whether the table has the column, looked up once.
	 */
	boolean exists() {
		if (this.present == null) {
			try {
				check();
			}
			catch (IllegalStateException ex) {
				return false;
			}
		}
		return Boolean.TRUE.equals(this.present);
	}

	/**
	 * Return the saved progress; empty, rather than a failure, for a table without the column.
	 */
	@Nullable String read(String name) {
		try {
			List<String> values = this.jdbc.queryForList("SELECT " + COLUMN + " FROM " + this.tableName
					+ " WHERE name = :name", Map.of("name", name), String.class);
			return values.isEmpty() ? null : values.get(0);
		}
		catch (BadSqlGrammarException ex) {
			return null;
		}
	}

	/**
	 * Write the progress of a record, in the caller's transaction.
	 */
	void write(String name, @Nullable String progress) {
		this.jdbc.update("UPDATE " + this.tableName + " SET " + COLUMN + " = :progress WHERE name = :name",
				new MapSqlParameterSource("name", name).addValue("progress", progress));
	}

}
