package dev.binlog.spring.dispatch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.binlog.spring.Action;
import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.TableChangeEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

/**
 * The {@link dev.binlog.spring.BinlogListener @BinlogListener} methods, indexed so that finding the listeners of
 * one event costs one map look-up however many listeners there are: the selection of each event type, schema, table
 * and action is computed once and cached.
 */
public class BinlogListenerRegistry {

	private final List<BinlogListenerMethodAdapter> listeners = new CopyOnWriteArrayList<>();

	private final Map<Key, List<BinlogListenerMethodAdapter>> selections = new ConcurrentHashMap<>();

	void register(BinlogListenerMethodAdapter listener) {
		this.listeners.add(listener);
		this.selections.clear();
	}

	/**
	 * Invoke the listeners that select an event, in {@link org.springframework.core.annotation.Order @Order}.
	 * @param event the event
	 */
	public void dispatch(ApplicationEvent event) {
		if (this.listeners.isEmpty()) {
			return;
		}
		for (BinlogListenerMethodAdapter listener : select(event)) {
			listener.invoke(event);
		}
	}

	/**
	 * Return whether a listener takes row-level events.
	 * @return whether a listener takes {@link RowChangeEvent}s
	 */
	public boolean hasRowListeners() {
		ResolvableType rowEvent = ResolvableType.forClass(RowChangeEvent.class);
		return this.listeners.stream().anyMatch((listener) -> listener.accepts(rowEvent));
	}

	private List<BinlogListenerMethodAdapter> select(ApplicationEvent event) {
		Key key;
		if (event instanceof TableChangeEvent change) {
			key = new Key(event.getClass(), change.getSchema(), change.getTable(), change.getAction());
		}
		else if (event instanceof RowChangeEvent row) {
			key = new Key(event.getClass(), row.getSchema(), row.getTable(), row.getAction());
		}
		else {
			key = new Key(event.getClass(), null, null, null);
		}
		return this.selections.computeIfAbsent(key, this::compute);
	}

	private List<BinlogListenerMethodAdapter> compute(Key key) {
		ResolvableType type = ResolvableType.forClass(key.eventType());
		return this.listeners.stream()
			.filter((listener) -> listener.accepts(type) && listener.selects(key.schema(), key.table(), key.action()))
			.sorted(AnnotationAwareOrderComparator.INSTANCE)
			.toList();
	}

	private record Key(Class<?> eventType, @Nullable String schema, @Nullable String table, @Nullable Action action) {

	}

}
