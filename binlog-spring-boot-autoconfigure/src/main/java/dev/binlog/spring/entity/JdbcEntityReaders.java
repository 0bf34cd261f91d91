package dev.binlog.spring.entity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.binlog.spring.dispatch.EntityReaders;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.jdbc.core.convert.JdbcConverter;

/**
 * {@link EntityReaders} through the application's Spring Data JDBC {@link JdbcConverter}, so that an entity read
 * from the binlog is built by the same mapping and conversions as one a repository reads.
 */
public class JdbcEntityReaders implements EntityReaders {

	private final ObjectProvider<JdbcConverter> converter;

	private final Supplier<@Nullable String> defaultSchema;

	private final Map<Class<?>, EntityReader<?>> readers = new ConcurrentHashMap<>();

	/**
	 * Create the readers.
	 * @param converter the application's converter, looked up when a listener first needs it
	 * @param defaultSchema the schema of entities whose mapping names none (the application connection's
	 * database), or {@code null} to match their tables in every captured schema
	 */
	public JdbcEntityReaders(ObjectProvider<JdbcConverter> converter, Supplier<@Nullable String> defaultSchema) {
		this.converter = converter;
		this.defaultSchema = defaultSchema;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> EntityReader<T> forType(Class<T> type) {
		return (EntityReader<T>) this.readers.computeIfAbsent(type,
				(key) -> new JdbcEntityReader<>(converter(), type, this.defaultSchema));
	}

	private JdbcConverter converter() {
		JdbcConverter result = this.converter.getIfUnique();
		if (result == null) {
			throw new IllegalStateException("A @BinlogListener method takes an EntityChangeEvent, but the application "
					+ "has no single JdbcConverter bean to read entities with: use Spring Data JDBC "
					+ "(spring-boot-starter-data-jdbc, or a configuration extending AbstractJdbcConfiguration)");
		}
		return result;
	}

}
