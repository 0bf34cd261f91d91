package dev.binlog.spring.dispatch;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.TableChangeEvent;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Invokes a {@link BinlogListener @BinlogListener} method for the events of its schemas, tables and actions only.
 */
class BinlogListenerMethodAdapter extends ApplicationListenerMethodAdapter {

	private final Set<String> schemas;

	private final Set<String> tables;

	private final Set<Action> actions;

	BinlogListenerMethodAdapter(String beanName, Class<?> targetClass, Method method,
			UnaryOperator<String> placeholders) {
		super(beanName, targetClass, method);
		BinlogListener annotation = AnnotatedElementUtils.findMergedAnnotation(method, BinlogListener.class);
		if (annotation == null) {
			throw new IllegalStateException("No @BinlogListener on " + method);
		}
		this.schemas = resolve(annotation.schema(), placeholders);
		this.tables = resolve(annotation.table(), placeholders);
		this.actions = (annotation.action().length > 0) ? EnumSet.copyOf(Set.of(annotation.action()))
				: EnumSet.allOf(Action.class);
	}

	private static Set<String> resolve(String[] names, UnaryOperator<String> placeholders) {
		return Arrays.stream(names).map(placeholders).collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (matches(event)) {
			super.onApplicationEvent(event);
		}
	}

	private boolean matches(ApplicationEvent event) {
		if (event instanceof TableChangeEvent change) {
			return matches(change.getSchema(), change.getTable(), change.getAction());
		}
		if (event instanceof RowChangeEvent row) {
			return matches(row.getSchema(), row.getTable(), row.getAction());
		}
		// other events (transaction commits) belong to no table: only unrestricted listeners get them
		return this.schemas.isEmpty() && this.tables.isEmpty() && this.actions.size() == Action.values().length;
	}

	private boolean matches(String schema, String table, Action action) {
		return this.actions.contains(action) && (this.schemas.isEmpty() || this.schemas.contains(schema))
				&& (this.tables.isEmpty() || this.tables.contains(table));
	}

}
