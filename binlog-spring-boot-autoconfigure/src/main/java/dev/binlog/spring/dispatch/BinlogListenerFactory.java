package dev.binlog.spring.dispatch;

import java.lang.reflect.Method;

import dev.binlog.spring.BinlogListener;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.EventListenerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Creates the listeners of {@link BinlogListener @BinlogListener} methods, ahead of Spring's default factory, so
 * that each only sees the schemas, tables and actions its annotation names.
 */
public class BinlogListenerFactory implements EventListenerFactory, Ordered {

	@Override
	public boolean supportsMethod(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, BinlogListener.class);
	}

	@Override
	public ApplicationListener<?> createApplicationListener(String beanName, Class<?> type, Method method) {
		return new BinlogListenerMethodAdapter(beanName, type, method);
	}

	@Override
	public int getOrder() {
		// before TransactionalEventListenerFactory (50) and DefaultEventListenerFactory (last)
		return 40;
	}

}
