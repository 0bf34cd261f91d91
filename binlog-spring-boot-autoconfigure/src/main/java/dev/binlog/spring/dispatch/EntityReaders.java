package dev.binlog.spring.dispatch;

import java.util.function.Supplier;

import dev.binlog.spring.Row;
import org.jspecify.annotations.Nullable;

/**
 * Reads rows as the application's entities, for {@link dev.binlog.spring.BinlogListener @BinlogListener} methods that
 * take an {@link dev.binlog.spring.EntityChangeEvent}. Implemented with Spring Data JDBC in
 * {@code dev.binlog.spring.entity}, so that dispatching does not depend on it.
 */
public interface EntityReaders {

	/**
	 * Return the reader of one entity type.
	 * @param <T> the entity type
	 * @param type the entity type
	 * @return the reader
	 * @throws IllegalStateException if the type cannot be read from a row of one table
	 */
	<T> EntityReader<T> forType(Class<T> type);

	/**
	 * Reads rows of an entity's table as that entity.
	 *
	 * @param <T> the entity type
	 */
	interface EntityReader<T> {

		/**
		 * Return the schema of the entity's table.
		 * @return the schema, or {@code null} when the mapping names none and the application's connection has no
		 * default schema: then the table is matched in every captured schema
		 */
		@Nullable String schema();

		/**
		 * Return the name of the entity's table.
		 * @return the table name
		 */
		String table();

		/**
		 * Return the column an entity property is read from.
		 * @param property the property's path, such as {@code status} or {@code address.city}
		 * @return the column, or {@code null} if the entity has no such property
		 */
		@Nullable String column(String property);

		/**
		 * Read one row image.
		 * @param schema the schema the row came from
		 * @param table the table the row came from
		 * @param row the row image
		 * @return the entity
		 * @throws IllegalStateException naming the table, column and property, if the entity cannot be built from
		 * the row exactly
		 */
		T read(String schema, String table, Row row);

		/**
		 * Check one row image now and build its entity on demand: what the reader can refuse without building the
		 * entity it refuses here, so that only a failure of the entity's own construction (a reading converter, a
		 * constructor) can come later, from the supplier. By default the entity is read at once.
		 * @param schema the schema the row came from
		 * @param table the table the row came from
		 * @param row the row image
		 * @return builds the entity
		 * @throws IllegalStateException naming the table, column and property, if the entity cannot be built from
		 * the row exactly
		 */
		default Supplier<T> prepare(String schema, String table, Row row) {
			T entity = read(schema, table, row);
			return () -> entity;
		}

	}

}
