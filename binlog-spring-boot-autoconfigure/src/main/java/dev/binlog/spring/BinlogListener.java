package dev.binlog.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method as a listener for row changes of selected schemas, tables and actions, without SpEL:
 * <pre class="code">
 * &#64;BinlogListener(schema = "shop", table = "orders", action = Action.WRITE)
 * void onNewOrder(TableWriteEvent event) { ... }
 * </pre>
 * The method takes one parameter: a {@link TableChangeEvent} (or one of its subtypes) for one call per binlog
 * rows event, a {@link RowChangeEvent} for one call per row, or an {@link EntityChangeEvent} of a Spring Data JDBC
 * entity for one call per row of the entity's mapped table, which then needs no {@link #table()}. An empty
 * attribute matches everything. With
 * {@link #changed()}, updates arrive only when they change one of the named columns:
 * <pre class="code">
 * &#64;BinlogListener(table = "orders", action = Action.UPDATE, changed = "status")
 * void onStatus(TableUpdateEvent event) { ... }
 * </pre>
 * Listeners run synchronously on the binlog thread, in binlog order.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@EventListener
public @interface BinlogListener {

	/**
	 * Schema (database) names to accept, matched exactly; empty for every schema. May hold {@code ${...}}
	 * property placeholders.
	 * @return the schema names
	 */
	String[] schema() default {};

	/**
	 * Table names to accept, matched exactly; empty for every table.
	 * @return the table names
	 */
	String[] table() default {};

	/**
	 * Actions to accept; empty for every action.
	 * @return the actions
	 */
	Action[] action() default {};

	/**
	 * Columns of which an update must change at least one for the listener to be called, matched exactly; empty
	 * for every update. A table-level listener receives only the rows in which one of them changed. Inserts and
	 * deletes the listener selects are delivered as usual. A listener of {@link EntityChangeEvent}s may name entity
	 * properties ({@code address.city}) instead of columns.
	 * @return the column names
	 */
	String[] changed() default {};

	/**
	 * An optional identifier for the listener, as {@link EventListener#id()}.
	 * @return the id
	 */
	@AliasFor(annotation = EventListener.class, attribute = "id")
	String id() default "";

}
