package dev.binlog.spring;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A DDL statement (CREATE, ALTER, DROP, RENAME, TRUNCATE) read from the binlog that names no captured table, for
 * example {@code CREATE DATABASE}, {@code CREATE INDEX}, a view, or a statement whose tables the starter cannot
 * attribute to a schema. Statements on captured tables publish a {@link TableSchemaChangeEvent} (this type's
 * subtype) per table instead; statements that name only tables outside {@code binlog.include} publish nothing.
 * Published in binlog order, between the change events before and after the statement.
 */
public class SchemaChangeEvent extends BinlogEvent {

	private final String statement;

	private final @Nullable String database;

	/**
	 * Create an event.
	 * @param source the container that read the event
	 * @param position the position just after the statement
	 * @param eventTime when the server wrote the statement
	 * @param statement the statement as the server logged it
	 * @param database the statement's default database ({@code USE}), or {@code null}
	 */
	public SchemaChangeEvent(Object source, BinlogPosition position, Instant eventTime, String statement,
			@Nullable String database) {
		super(source, position, eventTime);
		this.statement = statement;
		this.database = database;
	}

	/**
	 * Return the statement as the server wrote it to the binlog.
	 * @return the statement text
	 */
	public String getStatement() {
		return this.statement;
	}

	/**
	 * Return the default database the statement ran in ({@code USE}); table names without a schema refer to it.
	 * @return the default database, or {@code null} when there was none
	 */
	public @Nullable String getDatabase() {
		return this.database;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "['" + this.statement + "' at " + getPosition() + "]";
	}

}
