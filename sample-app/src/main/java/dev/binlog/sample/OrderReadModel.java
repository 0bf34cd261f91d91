package dev.binlog.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChangeEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * An in-memory read model of {@code shop.orders}, kept up to date one row at a time from the binlog: what a cache
 * or a search index would do.
 */
@Component
public class OrderReadModel {

	private static final Log logger = LogFactory.getLog(OrderReadModel.class);

	private final Map<Long, OrderView> orders = new ConcurrentHashMap<>();

	@BinlogListener(schema = "shop", table = "orders")
	void on(RowChangeEvent event) {
		Row row = event.getRow();
		long id = row.getLong("id");
		synchronized (this.orders) {
			if (event.getAction() == Action.DELETE) {
				this.orders.remove(id);
			}
			else {
				this.orders.put(id, new OrderView(id, row.getString("customer"), row.getString("status"),
						row.getBigDecimal("total")));
			}
			this.orders.notifyAll();
		}
		logger.info("Read model " + event.getAction() + " order " + id + " -> " + this.orders.get(id));
	}

	/**
	 * Return the orders as the read model sees them.
	 * @return an unmodifiable copy, by id
	 */
	public Map<Long, OrderView> orders() {
		return Map.copyOf(this.orders);
	}

	/**
	 * Wait until the read model holds exactly the given orders.
	 * @param expected the orders, by id
	 * @param timeout how long to wait at most
	 * @return whether the read model matched in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitOrders(Map<Long, OrderView> expected, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.orders) {
			while (!this.orders.equals(expected)) {
				long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (remaining <= 0) {
					return false;
				}
				this.orders.wait(remaining);
			}
			return true;
		}
	}

	/**
	 * One order in the read model.
	 *
	 * @param id the order id
	 * @param customer the customer name
	 * @param status the order status
	 * @param total the order total
	 */
	public record OrderView(long id, String customer, String status, BigDecimal total) {

	}

}
