package dev.binlog.spring.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.TransactionCommitEvent;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @BinlogListener} methods are found by table through the registry and never through the application's
 * multicaster, so that they do not cost a check each for every event.
 */
class BinlogListenerRegistryTests {

	private static final BinlogPosition POSITION = new BinlogPosition("mysql-bin.000001", 4, null);

	@Test
	void eachEventReachesExactlyTheListenersThatSelectIt() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			Listeners listeners = context.getBean(Listeners.class);
			BinlogListenerRegistry registry = context.getBean(BinlogListenerFactory.class).getRegistry();
			Row row = Row.of(Row.Layout.of(List.of("id")), new Object[] { 1 });
			TableWriteEvent orderWrite = new TableWriteEvent(this, POSITION, Instant.now(), "shop", "orders", List.of(row));
			TableUpdateEvent orderUpdate = new TableUpdateEvent(this, POSITION, Instant.now(), "shop", "orders",
					List.of(new RowChange(Action.UPDATE, row, row)));
			TableWriteEvent customerWrite = new TableWriteEvent(this, POSITION, Instant.now(), "shop", "customers",
					List.of(row));
			RowChangeEvent orderRow = new RowChangeEvent(this, POSITION, Instant.now(), "shop", "orders",
					new RowChange(Action.WRITE, null, row));
			TransactionCommitEvent commit = new TransactionCommitEvent(this, POSITION, Instant.now(), "0-1-1");

			// the multicaster does not call them
			context.publishEvent(orderWrite);
			assertThat(listeners.calls).isEmpty();

			for (Object event : List.of(orderWrite, orderUpdate, customerWrite, orderRow, commit)) {
				registry.dispatch((org.springframework.context.ApplicationEvent) event);
			}
			assertThat(listeners.calls).containsExactly("orderWrites write@shop.orders", "anyShop write@shop.orders",
					"anyShop update@shop.orders", "anyShop write@shop.customers", "orderRows write@shop.orders#row",
					"commits 0-1-1");
			assertThat(registry.hasRowListeners()).isTrue();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		static BinlogListenerFactory binlogListenerFactory() {
			return new BinlogListenerFactory();
		}

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

	static class Listeners {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@BinlogListener(schema = "shop", table = "orders", action = Action.WRITE)
		@Order(1)
		void orderWrites(TableWriteEvent event) {
			this.calls.add("orderWrites " + event.getKey());
		}

		@BinlogListener(schema = "shop")
		@Order(2)
		void anyShop(TableChangeEvent event) {
			this.calls.add("anyShop " + event.getKey());
		}

		@BinlogListener(table = "orders")
		void orderRows(RowChangeEvent event) {
			this.calls.add("orderRows " + event.getKey());
		}

		@BinlogListener
		void commits(TransactionCommitEvent event) {
			this.calls.add("commits " + event.getGtid());
		}

		@BinlogListener(schema = "other")
		void otherSchema(TableChangeEvent event) {
			this.calls.add("otherSchema " + event.getKey());
		}

	}

}
