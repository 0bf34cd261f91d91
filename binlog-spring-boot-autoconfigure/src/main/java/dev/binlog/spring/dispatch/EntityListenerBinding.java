package dev.binlog.spring.dispatch;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.binlog.spring.EntityChangeEvent;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.dispatch.EntityReaders.EntityReader;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

/**
 * What a {@link dev.binlog.spring.BinlogListener @BinlogListener} method taking an {@link EntityChangeEvent} adds to
 * a plain one: its table comes from the entity's mapping, and each row of a table event reaches it as an entity
 * change of its own. The reader is looked up on first use, when the application's converter exists.
 */
final class EntityListenerBinding {

	private final Class<?> entityType;

	private final Supplier<EntityReaders> readers;

	private volatile @Nullable EntityReader<?> reader;

	private volatile @Nullable Set<String> changedColumns;

	private EntityListenerBinding(Class<?> entityType, Supplier<EntityReaders> readers) {
		this.entityType = entityType;
		this.readers = readers;
	}

	/**
	 * Return the binding of a method, if it takes an entity change.
	 * @param method the listener method
	 * @param readers the entity readers, looked up when first needed
	 * @return the binding, or {@code null} for a method taking another event
	 */
	static @Nullable EntityListenerBinding of(Method method, Supplier<EntityReaders> readers) {
		if (method.getParameterCount() != 1) {
			return null;
		}
		ResolvableType parameter = ResolvableType.forMethodParameter(new MethodParameter(method, 0));
		if (!EntityChangeEvent.class.isAssignableFrom(parameter.toClass())) {
			return null;
		}
		Class<?> entityType = parameter.as(EntityChangeEvent.class).getGeneric(0).resolve();
		if (entityType == null || entityType == Object.class) {
			throw new IllegalStateException("@BinlogListener method " + method + " takes an EntityChangeEvent of no "
					+ "entity type: declare the entity, as in EntityChangeEvent<Order>");
		}
		return new EntityListenerBinding(entityType, readers);
	}

	/**
	 * Return whether the method takes events of this type: the table events it reads its rows from.
	 * @param eventType the event type
	 * @return whether it is a table change event
	 */
	boolean accepts(ResolvableType eventType) {
		return TableChangeEvent.class.isAssignableFrom(eventType.toClass());
	}

	/**
	 * Return whether a table is the entity's: its name, and its schema unless the annotation names schemas or the
	 * mapping and the connection name none.
	 * @param schemas the schemas of the annotation
	 * @param schema the schema of the event
	 * @param table the table of the event
	 * @return whether the table is the entity's
	 */
	boolean selects(Set<String> schemas, String schema, String table) {
		EntityReader<?> entityReader = reader();
		if (!entityReader.table().equals(table)) {
			return false;
		}
		if (!schemas.isEmpty()) {
			return schemas.contains(schema);
		}
		return entityReader.schema() == null || entityReader.schema().equals(schema);
	}

	/**
	 * Return the columns of {@link dev.binlog.spring.BinlogListener#changed()}, which for an entity listener may
	 * name properties: each is the column of the property of that name, or the name itself.
	 * @param changed the names of the annotation
	 * @return the column names
	 */
	Set<String> changedColumns(Set<String> changed) {
		Set<String> result = this.changedColumns;
		if (result == null) {
			EntityReader<?> entityReader = reader();
			result = changed.stream()
				.map((name) -> {
					String column = entityReader.column(name);
					return (column != null) ? column : name;
				})
				.collect(Collectors.toUnmodifiableSet());
			this.changedColumns = result;
		}
		return result;
	}

	/**
	 * Hand every row of a table event to the method as an entity change, in order. Both row images are checked
	 * before the method is called; an entity is built when the method first asks for it, and a failure to build one
	 * is thrown again when the method returns, so that it stops the stream even if the method caught it.
	 * @param event the table event
	 * @param method invokes the method
	 */
	void invoke(TableChangeEvent event, Consumer<EntityChangeEvent<?>> method) {
		EntityReader<?> entityReader = reader();
		for (RowChange change : event.getChanges()) {
			BuildFailure failure = new BuildFailure();
			method.accept(toEntityChange(event, change, entityReader, failure));
			failure.rethrow();
		}
	}

	private <T> EntityChangeEvent<T> toEntityChange(TableChangeEvent event, RowChange change,
			EntityReader<T> entityReader, BuildFailure failure) {
		@SuppressWarnings("unchecked")
		Class<T> type = (Class<T>) this.entityType;
		return new EntityChangeEvent<>(event.getSource(), event.getPosition(), event.getEventTime(),
				event.getSchema(), event.getTable(), type, change,
				prepare(event, change.before(), entityReader, failure),
				prepare(event, change.after(), entityReader, failure));
	}

	private static <T> Supplier<@Nullable T> prepare(TableChangeEvent event, @Nullable Row row,
			EntityReader<T> entityReader, BuildFailure failure) {
		if (row == null) {
			return () -> null;
		}
		Supplier<T> builder = entityReader.prepare(event.getSchema(), event.getTable(), row);
		return () -> failure.record(builder);
	}

	/**
	 * Look up the entity's reader, which checks its mapping.
	 * @throws IllegalStateException if the entity cannot be read from rows
	 */
	void resolve() {
		reader();
	}

	private EntityReader<?> reader() {
		EntityReader<?> result = this.reader;
		if (result == null) {
			result = this.readers.get().forType(this.entityType);
			this.reader = result;
		}
		return result;
	}

	/**
	 * The first failure to build an entity of one row change.
	 */
	private static final class BuildFailure {

		private volatile @Nullable RuntimeException failure;

		<T> T record(Supplier<T> builder) {
			try {
				return builder.get();
			}
			catch (RuntimeException ex) {
				if (this.failure == null) {
					this.failure = ex;
				}
				throw ex;
			}
		}

		void rethrow() {
			RuntimeException result = this.failure;
			if (result != null) {
				throw result;
			}
		}

	}

}
