package dev.binlog.spring.container;

import java.time.Instant;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.SchemaChangeEvent;
import dev.binlog.spring.TableSchemaChangeEvent;
import dev.binlog.spring.TableTruncateEvent;
import dev.binlog.spring.decoding.DecodedSchemaChange;

/**
 * Turns a decoded DDL statement into the application event of its kind.
 */
final class SchemaChangeEvents {

	private SchemaChangeEvents() {
	}

	static SchemaChangeEvent of(Object source, DecodedSchemaChange change, BinlogPosition position, Instant time) {
		String schema = change.schema();
		String table = change.table();
		if (schema == null || table == null) {
			return new SchemaChangeEvent(source, position, time, change.statement(), change.database());
		}
		if (change.truncate()) {
			return new TableTruncateEvent(source, position, time, change.statement(), change.database(), schema,
					table, change.before(), change.after());
		}
		return new TableSchemaChangeEvent(source, position, time, change.statement(), change.database(), schema,
				table, change.before(), change.after());
	}

}
