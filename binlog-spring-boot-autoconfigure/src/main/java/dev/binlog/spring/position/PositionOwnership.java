package dev.binlog.spring.position;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@code owner} column of the position table, for leader election: the elected instance claims the record, and
 * each of its saves checks the owner together with the version in one {@code UPDATE}, so that a stale leader (a
 * paused JVM, a partition) can never move the record once another instance has claimed it.
 * <p>
 * Plain SQL rather than the aggregate template: the template cannot add a condition to its versioned update, and a
 * record mapped with the column would make the tables of applications without election unusable.
 */
final class PositionOwnership {

	static final String COLUMN = "owner";

	private final NamedParameterJdbcTemplate jdbc;

	private final String tableName;

	PositionOwnership(DataSource dataSource, String tableName) {
		this.jdbc = new NamedParameterJdbcTemplate(dataSource);
		this.tableName = tableName;
	}

	/**
	 * Fail with what to do when the table lacks the column, before any instance streams.
	 */
	void checkColumn() {
		try {
			this.jdbc.getJdbcOperations()
				.queryForList("SELECT " + COLUMN + " FROM " + this.tableName + " WHERE 1 = 0", String.class);
		}
		catch (BadSqlGrammarException ex) {
			throw new IllegalStateException("Position table " + this.tableName + " has no column '" + COLUMN
					+ "', which leader election (binlog.cluster.enabled=true) needs so that a stale leader cannot "
					+ "move the saved position. Add it: ALTER TABLE " + this.tableName + " ADD " + COLUMN
					+ " VARCHAR(255) (the shipped schema scripts create it).", ex);
		}
	}

	/**
	 * Make an instance the owner of a record, whoever owned it: only the holder of the election lock calls this.
	 * @return the record's new version, or {@code null} if there is no record yet
	 */
	@Nullable Long claim(String name, String owner) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("name", name).addValue("owner", owner);
		int updated = this.jdbc.update("UPDATE " + this.tableName + " SET " + COLUMN + " = :owner, version = version + 1 "
				+ "WHERE name = :name", parameters);
		if (updated == 0) {
			return null;
		}
		return this.jdbc.queryForObject("SELECT version FROM " + this.tableName + " WHERE name = :name", parameters,
				Long.class);
	}

	/**
	 * Return the owner of a record.
	 */
	@Nullable String owner(String name) {
		List<String> owners = this.jdbc.queryForList("SELECT " + COLUMN + " FROM " + this.tableName
				+ " WHERE name = :name", Map.of("name", name), String.class);
		return owners.isEmpty() ? null : owners.get(0);
	}

	/**
	 * Write a record if this instance still owns it and its version is the one last read or written.
	 * @return the new version
	 * @throws OptimisticLockingFailureException if another instance owns or changed the record
	 */
	long write(BinlogPositionRecord record, String owner) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("name", record.getName())
			.addValue("owner", owner)
			.addValue("file", record.getBinlogFile())
			.addValue("position", record.getBinlogPosition())
			.addValue("gtid", record.getGtidSet())
			.addValue("serverId", record.getServerId())
			.addValue("updatedAt", Timestamp.from(record.getUpdatedAt()));
		Long version = record.getVersion();
		if (version == null) {
			try {
				this.jdbc.update("INSERT INTO " + this.tableName + " (name, version, binlog_file, binlog_position, "
						+ "gtid_set, server_id, updated_at, " + COLUMN + ") VALUES (:name, 0, :file, :position, :gtid, "
						+ ":serverId, :updatedAt, :owner)", parameters);
			}
			catch (DuplicateKeyException ex) {
				throw lost(record.getName(), owner, ex);
			}
			return 0;
		}
		parameters.addValue("version", version);
		int updated = this.jdbc.update("UPDATE " + this.tableName + " SET binlog_file = :file, "
				+ "binlog_position = :position, gtid_set = :gtid, server_id = :serverId, updated_at = :updatedAt, "
				+ "version = :version + 1 WHERE name = :name AND version = :version AND " + COLUMN + " = :owner",
				parameters);
		if (updated == 0) {
			throw lost(record.getName(), owner, null);
		}
		return version + 1;
	}

	private OptimisticLockingFailureException lost(String name, String owner, @Nullable Exception cause) {
		String current = owner(name);
		if (current != null && !current.equals(owner)) {
			return new OptimisticLockingFailureException("Binlog position record '" + name + "' in table "
					+ this.tableName + " is owned by instance '" + current + "' now, not by this instance ('" + owner
					+ "'): this instance lost the leader election and must not save this record any more", cause);
		}
		return new OptimisticLockingFailureException("Binlog position record '" + name + "' in table "
				+ this.tableName + " changed since this instance ('" + owner + "') read it", cause);
	}

}
