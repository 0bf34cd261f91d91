package dev.binlog.spring;

import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

/**
 * One changed row of an entity's table, read as the application's own Spring Data JDBC entity. A
 * {@link BinlogListener @BinlogListener} method taking this event needs no table name: the table comes from the
 * entity's mapping.
 * <pre class="code">
 * &#64;BinlogListener(action = Action.UPDATE)
 * void onOrder(EntityChangeEvent&lt;Order&gt; change) {
 *     if (change.getBefore().status() != change.getAfter().status()) { ... }
 * }
 * </pre>
 * The entities are built through the application's {@code JdbcConverter}, as a repository's {@code findById} builds
 * them: naming strategy, {@code @Table}, {@code @Column}, {@code @Embedded}, records and custom reading converters
 * apply. A row the entity cannot be built from exactly stops the stream with a message naming the table, the column
 * and the property. The starter checks every column of both row images before the listener is called, and builds an
 * entity when the listener first asks for it: an image the listener never reads costs no entity.
 *
 * @param <T> the entity type
 */
public class EntityChangeEvent<T> extends BinlogEvent implements ResolvableTypeProvider {

	private final String schema;

	private final String table;

	private final Class<T> entityType;

	private final RowChange change;

	private final Image<T> before;

	private final Image<T> after;

	/**
	 * Create an event.
	 * @param source the container that read the row
	 * @param position the binlog position just after the rows event that carried the row
	 * @param eventTime when the server wrote the row
	 * @param schema the schema name
	 * @param table the table name
	 * @param entityType the entity type
	 * @param change the row change the entities were read from
	 * @param before the entity before the change, {@code null} for a write
	 * @param after the entity after the change, {@code null} for a delete
	 */
	public EntityChangeEvent(Object source, BinlogPosition position, Instant eventTime, String schema, String table,
			Class<T> entityType, RowChange change, @Nullable T before, @Nullable T after) {
		this(source, position, eventTime, schema, table, entityType, change, () -> before, () -> after);
	}

	/**
	 * Create an event whose entities are built when first asked for.
	 * @param source the container that read the row
	 * @param position the binlog position just after the rows event that carried the row
	 * @param eventTime when the server wrote the row
	 * @param schema the schema name
	 * @param table the table name
	 * @param entityType the entity type
	 * @param change the row change the entities were read from
	 * @param before builds the entity before the change ({@code null} for a write), called at most once
	 * @param after builds the entity after the change ({@code null} for a delete), called at most once
	 */
	public EntityChangeEvent(Object source, BinlogPosition position, Instant eventTime, String schema, String table,
			Class<T> entityType, RowChange change, Supplier<? extends @Nullable T> before,
			Supplier<? extends @Nullable T> after) {
		super(source, position, eventTime);
		this.schema = schema;
		this.table = table;
		this.entityType = entityType;
		this.change = change;
		this.before = new Image<>(before);
		this.after = new Image<>(after);
	}

	/**
	 * Return the schema (database) name.
	 * @return the schema
	 */
	public String getSchema() {
		return this.schema;
	}

	/**
	 * Return the table name.
	 * @return the table
	 */
	public String getTable() {
		return this.table;
	}

	/**
	 * Return the entity type.
	 * @return the entity type
	 */
	public Class<T> getEntityType() {
		return this.entityType;
	}

	/**
	 * Return what happened to the row.
	 * @return the action
	 */
	public Action getAction() {
		return this.change.action();
	}

	/**
	 * Return the entity as it was before the change.
	 * @return the entity, {@code null} for a write or a snapshot row
	 */
	public @Nullable T getBefore() {
		return this.before.get();
	}

	/**
	 * Return the entity as it is after the change.
	 * @return the entity, {@code null} for a delete
	 */
	public @Nullable T getAfter() {
		return this.after.get();
	}

	/**
	 * Return the entity after the change, or for a delete the deleted entity.
	 * @return the entity, never {@code null}
	 */
	public T getEntity() {
		T entity = getAfter();
		entity = (entity != null) ? entity : getBefore();
		if (entity == null) {
			throw new IllegalStateException("Entity change without an entity");
		}
		return entity;
	}

	/**
	 * Return the row change the entities were read from, with every column of the row images.
	 * @return the row change
	 */
	public RowChange getChange() {
		return this.change;
	}

	/**
	 * Return the key of this event in the form {@code action@schema.table#EntityType}.
	 * @return the key
	 */
	public String getKey() {
		return getAction().name().toLowerCase(Locale.ROOT) + "@" + this.schema + "." + this.table + "#"
				+ this.entityType.getSimpleName();
	}

	@Override
	public ResolvableType getResolvableType() {
		return ResolvableType.forClassWithGenerics(EntityChangeEvent.class, this.entityType);
	}

	@Override
	public String toString() {
		return "EntityChangeEvent[" + getKey() + " " + getEntity() + " at " + getPosition() + "]";
	}

	/**
	 * One entity of the event, built once on first use; a failure to build it is thrown again on every later use.
	 */
	private static final class Image<T> {

		private @Nullable Supplier<? extends @Nullable T> builder;

		private @Nullable T entity;

		private @Nullable RuntimeException failure;

		Image(Supplier<? extends @Nullable T> builder) {
			this.builder = builder;
		}

		synchronized @Nullable T get() {
			Supplier<? extends @Nullable T> pending = this.builder;
			if (pending != null) {
				try {
					this.entity = pending.get();
				}
				catch (RuntimeException ex) {
					this.failure = ex;
				}
				// the row image it held can go now
				this.builder = null;
			}
			if (this.failure != null) {
				throw this.failure;
			}
			return this.entity;
		}

	}

}
