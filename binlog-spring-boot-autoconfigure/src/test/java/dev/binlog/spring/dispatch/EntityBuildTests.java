package dev.binlog.spring.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.EntityChangeEvent;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableUpdateEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * When an {@link EntityChangeEvent}'s entities are built: the row images are checked before the listener is called,
 * an entity is built when the listener first asks for it, and a failure to build one stops the dispatch even when
 * the listener caught it. The reader is a stand-in whose checks refuse a status of {@code "?"} and whose entities
 * cannot be built from a status of {@code "!"}.
 */
class EntityBuildTests {

	private static final BinlogPosition POSITION = new BinlogPosition("mysql-bin.000001", 4, null);

	private static final Row.Layout LAYOUT = Row.Layout.of(List.of("id", "status"));

	@Test
	void entityIsBuiltOnlyForTheImagesTheListenerReads() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			dispatch(context, update(1, "new", "paid"), update(2, "paid", "shipped"));

			AfterListener listener = context.getBean(AfterListener.class);
			assertThat(listener.entities).containsExactly(new Order(1, "paid"), new Order(2, "shipped"));
			assertThat(context.getBean(OrderReaders.class).built).hasValue(2);

			// a listener may still read the other image, later, and gets the same entity every time
			EntityChangeEvent<Order> first = listener.changes.get(0);
			assertThat(first.getBefore()).isEqualTo(new Order(1, "new")).isSameAs(first.getBefore());
			assertThat(context.getBean(OrderReaders.class).built).hasValue(3);
		}
	}

	@Test
	void failureToBuildAnEntityStopsTheDispatchEvenWhenTheListenerCaughtIt() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			assertThatIllegalStateException()
				.isThrownBy(() -> dispatch(context, update(1, "new", "!"), update(2, "new", "paid")))
				.withMessage("Cannot build an Order of shop.orders from status '!'");

			AfterListener listener = context.getBean(AfterListener.class);
			assertThat(listener.failures).extracting(RuntimeException::getMessage)
				.containsExactly("Cannot build an Order of shop.orders from status '!'");
			// the second row of the event never reached the listener
			assertThat(listener.changes).hasSize(1);
		}
	}

	@Test
	void refusedRowImageStopsTheDispatchBeforeTheListenerIsCalledEvenIfItWouldNotReadIt() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			assertThatIllegalStateException().isThrownBy(() -> dispatch(context, update(1, "?", "paid")))
				.withMessage("Column 'status' of shop.orders holds '?'");

			assertThat(context.getBean(AfterListener.class).changes).isEmpty();
			assertThat(context.getBean(OrderReaders.class).built).hasValue(0);
		}
	}

	private static void dispatch(AnnotationConfigApplicationContext context, RowChange... changes) {
		context.getBean(BinlogListenerFactory.class)
			.getRegistry()
			.dispatch(new TableUpdateEvent(EntityBuildTests.class, POSITION, Instant.now(), "shop", "orders",
					List.of(changes)));
	}

	private static RowChange update(int id, String before, String after) {
		return new RowChange(Action.UPDATE, row(id, before), row(id, after));
	}

	private static Row row(int id, String status) {
		return Row.of(LAYOUT, new Object[] { id, status });
	}

	record Order(int id, String status) {
	}

	/**
	 * Reads the after image only, and catches what reading it throws.
	 */
	static class AfterListener {

		final List<EntityChangeEvent<Order>> changes = new CopyOnWriteArrayList<>();

		final List<Order> entities = new CopyOnWriteArrayList<>();

		final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

		@BinlogListener
		void on(EntityChangeEvent<Order> change) {
			this.changes.add(change);
			try {
				this.entities.add(change.getEntity());
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
			}
		}

	}

	/**
	 * Reads {@code shop.orders} as {@link Order}s and counts the entities it builds.
	 */
	static class OrderReaders implements EntityReaders {

		final AtomicInteger built = new AtomicInteger();

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
					return null;
				}

				@Override
				public Order read(String schema, String table, Row row) {
					return prepare(schema, table, row).get();
				}

				@Override
				public Supplier<Order> prepare(String schema, String table, Row row) {
					String status = row.getString("status");
					if ("?".equals(status)) {
						throw new IllegalStateException("Column 'status' of " + schema + "." + table + " holds '?'");
					}
					return () -> {
						if ("!".equals(status)) {
							throw new IllegalStateException(
									"Cannot build an Order of " + schema + "." + table + " from status '!'");
						}
						OrderReaders.this.built.incrementAndGet();
						return new Order((Integer) row.get("id"), status);
					};
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
		AfterListener afterListener() {
			return new AfterListener();
		}

	}

}
