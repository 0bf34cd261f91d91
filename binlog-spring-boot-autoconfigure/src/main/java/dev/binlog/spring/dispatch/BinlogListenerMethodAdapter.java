package dev.binlog.spring.dispatch;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.TableChangeEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Invokes a {@link BinlogListener @BinlogListener} method. The application's event multicaster never calls it
 * ({@link #supportsEventType} is false): the {@link BinlogListenerRegistry} does, for the events of its schemas,
 * tables and actions only, found by table rather than by asking every listener.
 */
class BinlogListenerMethodAdapter extends ApplicationListenerMethodAdapter {

	private final Set<String> schemas;

	private final Set<String> tables;

	private final Set<Action> actions;

	private final Set<String> changed;

	private final @Nullable EntityListenerBinding entity;

	BinlogListenerMethodAdapter(String beanName, Class<?> targetClass, Method method,
			UnaryOperator<String> placeholders, Supplier<EntityReaders> entityReaders) {
		super(beanName, targetClass, method);
		BinlogListener annotation = AnnotatedElementUtils.findMergedAnnotation(method, BinlogListener.class);
		if (annotation == null) {
			throw new IllegalStateException("No @BinlogListener on " + method);
		}
		this.schemas = resolve(annotation.schema(), placeholders);
		this.tables = resolve(annotation.table(), placeholders);
		this.actions = (annotation.action().length > 0) ? EnumSet.copyOf(Set.of(annotation.action()))
				: EnumSet.allOf(Action.class);
		this.changed = Set.of(annotation.changed());
		this.entity = EntityListenerBinding.of(method, entityReaders);
	}

	/**
	 * Return what the method adds when it takes entity changes.
	 * @return the binding, or {@code null}
	 */
	@Nullable EntityListenerBinding entity() {
		return this.entity;
	}

	private static Set<String> resolve(String[] names, UnaryOperator<String> placeholders) {
		return Arrays.stream(names).map(placeholders).collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		return false;
	}

	/**
	 * Return whether the method takes events of this type.
	 * @param eventType the event type
	 * @return whether the method's parameter accepts it
	 */
	boolean accepts(ResolvableType eventType) {
		return (this.entity != null) ? this.entity.accepts(eventType) : super.supportsEventType(eventType);
	}

	/**
	 * Return whether the method wants changes of this table and action; without a table (other events), only
	 * unrestricted listeners do.
	 * @param schema the schema, or {@code null} for events of no table
	 * @param table the table, or {@code null}
	 * @param action the action, or {@code null}
	 * @return whether the listener selects the event
	 */
	boolean selects(@Nullable String schema, @Nullable String table, @Nullable Action action) {
		if (schema == null || table == null || action == null) {
			return this.entity == null && this.schemas.isEmpty() && this.tables.isEmpty()
					&& this.actions.size() == Action.values().length;
		}
		if (this.entity != null) {
			return this.actions.contains(action) && (this.tables.isEmpty() || this.tables.contains(table))
					&& this.entity.selects(this.schemas, schema, table);
		}
		return this.actions.contains(action) && (this.schemas.isEmpty() || this.schemas.contains(schema))
				&& (this.tables.isEmpty() || this.tables.contains(table));
	}

	/**
	 * Invoke the method.
	 * @param event the event
	 */
	void invoke(ApplicationEvent event) {
		ApplicationEvent selected = this.changed.isEmpty() ? event : ChangedColumns.select(event,
				(this.entity != null) ? this.entity.changedColumns(this.changed) : this.changed);
		if (selected instanceof TableChangeEvent change && this.entity != null) {
			// straight to the method: the event's type is known, so Spring's per-event type resolution is skipped
			this.entity.invoke(change, this::doInvoke);
		}
		else if (selected != null) {
			processEvent(selected);
		}
	}

}
