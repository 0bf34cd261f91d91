package dev.binlog.spring.decoding;

import java.util.List;

import dev.binlog.spring.TableColumn;
import org.jspecify.annotations.Nullable;

/**
 * What one DDL statement did, as far as the starter can tell without parsing SQL: either a change of one captured
 * table, with its layouts before and after, or a statement that names no captured table.
 *
 * @param statement the statement
 * @param database the statement's default database, or {@code null}
 * @param schema the schema of the changed captured table, or {@code null} for a statement that names none
 * @param table the changed captured table, or {@code null} for a statement that names none
 * @param truncate whether the statement is a {@code TRUNCATE TABLE}
 * @param before the layout before the statement, empty when the table did not exist, {@code null} when unknown
 * @param after the layout after the statement, empty when the table does not exist, {@code null} when unknown
 */
public record DecodedSchemaChange(String statement, @Nullable String database, @Nullable String schema,
		@Nullable String table, boolean truncate, @Nullable List<TableColumn> before,
		@Nullable List<TableColumn> after) {

}
