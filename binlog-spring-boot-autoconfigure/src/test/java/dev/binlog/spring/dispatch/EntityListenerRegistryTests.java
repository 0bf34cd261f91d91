package dev.binlog.spring.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.EntityChangeEvent;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @BinlogListener} methods taking an {@link EntityChangeEvent}: selected by the entity's table, called once
 * per row with the entities the reader builds. The reader here is a stand-in for the Spring Data JDBC one
 * ({@code EntityChangeIntegrationTests} runs the real one against a server).
 */
class EntityListenerRegistryTests {

	private static final BinlogPosition POSITION = new BinlogPosition("mysql-bin.000001", 4, null);

	private static final Row.Layout LAYOUT = Row.Layout.of(List.of("id", "status"));

	@Test
	void entityListenerGetsEachRowOfItsEntityTableAsEntities() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			BinlogListenerRegistry registry = context.getBean(BinlogListenerFactory.class).getRegistry();
			OrderListener listener = context.getBean(OrderListener.class);
			registry.dispatch(new TableUpdateEvent(this, POSITION, Instant.now(), "shop", "orders",
					List.of(update(1, "new", "paid"), update(2, "new", "new"))));
			registry.dispatch(new TableWriteEvent(this, POSITION, Instant.now(), "shop", "customers",
					List.of(row(3, "new"))));
			registry.dispatch(new TableUpdateEvent(this, POSITION, Instant.now(), "other", "orders",
					List.of(update(4, "new", "paid"))));
			registry.dispatch(new RowChangeEvent(this, POSITION, Instant.now(), "shop", "orders",
					update(5, "new", "paid")));

			assertThat(listener.all).extracting((change) -> change.getBefore() + ">" + change.getAfter())
				.containsExactly("Order[id=1, status=new]>Order[id=1, status=paid]",
						"Order[id=2, status=new]>Order[id=2, status=new]");
			assertThat(listener.all.get(0).getKey()).isEqualTo("update@shop.orders#Order");
			assertThat(listener.statusChanges).extracting(EntityChangeEvent::getEntity)
				.containsExactly(new Order(1, "paid"));
			assertThat(listener.otherTable).isEmpty();
			assertThat(registry.hasRowListeners()).isFalse();
		}
	}

	@Test
	void entityListenerWithoutEntityTypeFailsTheStartup() {
		assertThatExceptionOfType(BeanInitializationException.class)
			.isThrownBy(() -> new AnnotationConfigApplicationContext(RawConfig.class).close())
			.withStackTraceContaining("declare the entity, as in EntityChangeEvent<Order>");
	}

	private static RowChange update(int id, String before, String after) {
		return new RowChange(Action.UPDATE, row(id, before), row(id, after));
	}

	private static Row row(int id, String status) {
		return Row.of(LAYOUT, new Object[] { id, status });
	}

	record Order(int id, String status) {
	}

	static class OrderListener {

		final List<EntityChangeEvent<Order>> all = new CopyOnWriteArrayList<>();

		final List<EntityChangeEvent<Order>> statusChanges = new CopyOnWriteArrayList<>();

		final List<EntityChangeEvent<Order>> otherTable = new CopyOnWriteArrayList<>();

		@BinlogListener(action = Action.UPDATE)
		void on(EntityChangeEvent<Order> change) {
			this.all.add(change);
		}

		@BinlogListener(changed = "status")
		void onStatus(EntityChangeEvent<Order> change) {
			this.statusChanges.add(change);
		}

		// a table name, when given, must be the entity's too
		@BinlogListener(table = "archived_orders")
		void onOtherTable(EntityChangeEvent<Order> change) {
			this.otherTable.add(change);
		}

	}

	static class RawListener {

		@BinlogListener
		@SuppressWarnings("rawtypes")
		void on(EntityChangeEvent change) {
		}

	}

	/**
	 * Reads the {@code shop.orders} table as {@link Order}s.
	 */
	static class OrderReaders implements EntityReaders {

		@Override
		@SuppressWarnings("unchecked")
		public <T> EntityReader<T> forType(Class<T> type) {
			return (EntityReader<T>) new EntityReader<Order>() {

				@Override
				public @Nullable String schema() {
					return "shop";
				}

				@Override
				public String table() {
					return "orders";
				}

				@Override
				public @Nullable String column(String property) {
					return property.equals("status") ? "status" : null;
				}

				@Override
				public Order read(String schema, String table, Row row) {
					return new Order((Integer) row.get("id"), row.getString("status"));
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		static BinlogListenerFactory binlogListenerFactory() {
			return new BinlogListenerFactory();
		}

		@Bean
		OrderReaders orderReaders() {
			return new OrderReaders();
		}

		@Bean
		OrderListener orderListener() {
			return new OrderListener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RawConfig {

		@Bean
		static BinlogListenerFactory binlogListenerFactory() {
			return new BinlogListenerFactory();
		}

		@Bean
		RawListener rawListener() {
			return new RawListener();
		}

	}

}
