package dev.binlog.spring.dispatch;

import java.lang.reflect.Method;
import java.util.function.UnaryOperator;

import dev.binlog.spring.BinlogListener;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
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
public class BinlogListenerFactory implements EventListenerFactory, EnvironmentAware, BeanFactoryAware, Ordered {

	private final BinlogListenerRegistry registry = new BinlogListenerRegistry();

	private UnaryOperator<String> placeholders = UnaryOperator.identity();

	private @Nullable BeanFactory beanFactory;

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
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public boolean supportsMethod(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, BinlogListener.class);
	}

	@Override
	public ApplicationListener<?> createApplicationListener(String beanName, Class<?> type, Method method) {
		BinlogListenerMethodAdapter listener = new BinlogListenerMethodAdapter(beanName, type, method, this.placeholders,
				this::entityReaders);
		EntityListenerBinding entity = listener.entity();
		if (entity != null) {
			// the entity's mapping is checked now, so that a listener the starter cannot serve fails the startup
			entity.resolve();
		}
		this.registry.register(listener);
		return listener;
	}

	private EntityReaders entityReaders() {
		EntityReaders readers = (this.beanFactory != null)
				? this.beanFactory.getBeanProvider(EntityReaders.class).getIfUnique() : null;
		if (readers == null) {
			throw new IllegalStateException("A @BinlogListener method takes an EntityChangeEvent, but the application "
					+ "has no Spring Data JDBC to read entities with: add org.springframework.boot:"
					+ "spring-boot-starter-data-jdbc (or spring-data-jdbc with a JdbcConverter bean)");
		}
		return readers;
	}

	@Override
	public int getOrder() {
		// before TransactionalEventListenerFactory (50) and DefaultEventListenerFactory (last)
		return 40;
	}

}
