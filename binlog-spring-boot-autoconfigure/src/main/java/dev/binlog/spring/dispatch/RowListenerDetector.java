package dev.binlog.spring.dispatch;

import dev.binlog.spring.RowChangeEvent;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.context.event.GenericApplicationListenerAdapter;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * Finds out whether any listener of an application context accepts {@link RowChangeEvent}s, so that one event per
 * row is only built when somebody listens to it.
 */
public final class RowListenerDetector {

	private static final ResolvableType ROW_EVENT = ResolvableType.forClass(RowChangeEvent.class);

	private RowListenerDetector() {
	}

	/**
	 * Return whether a listener of the context accepts row-level events.
	 * @param context the application context, refreshed
	 * @param registry the {@code @BinlogListener} methods
	 * @return whether row-level events have a listener
	 */
	public static boolean hasRowListeners(ConfigurableApplicationContext context, BinlogListenerRegistry registry) {
		if (registry.hasRowListeners()) {
			return true;
		}
		if (context instanceof AbstractApplicationContext abstractContext) {
			for (ApplicationListener<?> listener : abstractContext.getApplicationListeners()) {
				if (accepts(listener)) {
					return true;
				}
			}
		}
		for (ApplicationListener<?> listener : context.getBeansOfType(ApplicationListener.class, false, false)
			.values()) {
			if (accepts(listener)) {
				return true;
			}
		}
		return false;
	}

	private static boolean accepts(ApplicationListener<?> listener) {
		GenericApplicationListener generic = (listener instanceof GenericApplicationListener genericListener)
				? genericListener : new GenericApplicationListenerAdapter(listener);
		// a listener of every ApplicationEvent (framework internals, loggers) does not ask for rows
		return generic.supportsEventType(ROW_EVENT)
				&& !generic.supportsEventType(ResolvableType.forClass(org.springframework.context.ApplicationEvent.class));
	}

}
