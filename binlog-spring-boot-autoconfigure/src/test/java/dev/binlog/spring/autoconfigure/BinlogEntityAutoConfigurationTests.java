package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.EntityChangeEvent;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.dispatch.EntityReaders;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.jdbc.core.convert.JdbcConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of entity change events: present with Spring Data JDBC, and without it nothing changes for plain listeners
 * while a listener of entities fails the startup with a message.
 */
class BinlogEntityAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BinlogAutoConfiguration.class))
		.withPropertyValues("binlog.auto-startup=false", "binlog.position.store=memory", "binlog.host=db.example",
				"binlog.username=cdc");

	@Test
	void runWithSpringDataJdbcCreatesEntityReaders() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(EntityReaders.class));
	}

	@Test
	void runWithoutSpringDataJdbcCreatesNoEntityReadersAndPlainListenersStillWork() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcConverter.class))
			.withBean(PlainListener.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EntityReaders.class)
				.hasSingleBean(BinlogListenerContainer.class));
	}

	@Test
	void runWithoutSpringDataJdbcFailsForAListenerOfEntities() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcConverter.class))
			.withBean(EntityListener.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("takes an EntityChangeEvent")
				.hasMessageContaining("spring-boot-starter-data-jdbc"));
	}

	@Test
	void runWithoutConverterBeanFailsForAListenerOfEntities() {
		this.contextRunner.withBean(EntityListener.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("no single JdbcConverter bean"));
	}

	static class PlainListener {

		@BinlogListener(table = "orders")
		void on(TableChangeEvent event) {
		}

	}

	static class EntityListener {

		@BinlogListener
		void on(EntityChangeEvent<Order> change) {
		}

	}

	record Order(Long id) {
	}

}
