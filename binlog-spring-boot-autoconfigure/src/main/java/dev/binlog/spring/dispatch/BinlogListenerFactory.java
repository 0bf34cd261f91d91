package dev.binlog.spring.dispatch;

import java.lang.reflect.Method;
import java.util.function.UnaryOperator;

import dev.binlog.spring.BinlogListener;

import org.springframework.context.ApplicationListener;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.event.EventListenerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;

/**
 * Creates the listeners of {@link BinlogListener @BinlogListener} methods, ahead of Spring's default factory, so
 * that each only sees the schemas, tables and actions its annotation names. Schema and table names may hold
 * {@code ${...}} property placeholders.
 */
public class BinlogListenerFactory implements EventListenerFactory, EnvironmentAware, Ordered {

	private final BinlogListenerRegistry registry = new BinlogListenerRegistry();

	private UnaryOperator<String> placeholders = UnaryOperator.identity();

	/**
	 * Return the registry of the listeners this factory created.
	 * @return the registry
	 */
	public BinlogListenerRegistry getRegistry() {
		return this.registry;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.placeholders = environment::resolveRequiredPlaceholders;
	}

	@Override
	public boolean supportsMethod(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, BinlogListener.class);
	}

	@Override
	public ApplicationListener<?> createApplicationListener(String beanName, Class<?> type, Method method) {
		BinlogListenerMethodAdapter listener = new BinlogListenerMethodAdapter(beanName, type, method, this.placeholders);
		this.registry.register(listener);
		return listener;
	}

	@Override
	public int getOrder() {
		// before TransactionalEventListenerFactory (50) and DefaultEventListenerFactory (last)
		return 40;
	}

}
