package dev.binlog.sample;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shop's own business code: places, pays, ships and cancels a few orders. It knows nothing of the binlog.
 * When done, it waits until the read model has caught up, logs the result, and prints the {@code binlog} health
 * component as a user reads it over HTTP.
 */
@Component
public class ShopWorkload implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(ShopWorkload.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final OrderReadModel readModel;

	private final Environment environment;

	ShopWorkload(JdbcTemplate jdbc, TransactionTemplate transactions, OrderReadModel readModel,
			Environment environment) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.readModel = readModel;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		logger.info("Placing, paying, shipping and cancelling orders");
		long ada = placeOrder("Ada Lovelace", "42.00");
		long zoe = placeOrder("Zoë Ünal 🚀", "17.50");
		long bob = placeOrder("Bob", "5.25");
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update("UPDATE shop.orders SET status = 'PAID' WHERE id IN (?, ?)", ada, zoe);
			this.jdbc.update("UPDATE shop.orders SET status = 'SHIPPED' WHERE id = ?", ada);
		});
		this.jdbc.update("DELETE FROM shop.orders WHERE id = ?", bob);
		Map<Long, OrderReadModel.OrderView> expected = this.jdbc.query(
				"SELECT id, customer, status, total FROM shop.orders",
				(rs, row) -> new OrderReadModel.OrderView(rs.getLong(1), rs.getString(2), rs.getString(3),
						rs.getBigDecimal(4)))
			.stream()
			.collect(java.util.stream.Collectors.toMap(OrderReadModel.OrderView::id, (view) -> view));
		// events arrive on the binlog thread, a moment after the writes committed
		boolean matches = this.readModel.awaitOrders(expected, Duration.ofSeconds(30));
		logger.info("Read model " + (matches ? "matches" : "DOES NOT match") + " the orders table: "
				+ this.readModel.orders().values());
		Integer audited = this.jdbc.queryForObject("SELECT COUNT(*) FROM audit.order_changes", Integer.class);
		logger.info("Audit trail holds " + audited + " change(s)");
		printHealth();
	}

	// over HTTP, as a user or a probe reads it; a test without a web server has no port to ask
	private void printHealth() throws InterruptedException {
		Integer port = this.environment.getProperty("local.server.port", Integer.class);
		if (port == null) {
			return;
		}
		URI uri = URI.create("http://localhost:" + port + "/actuator/health/binlog");
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString());
			logger.info("GET " + uri + " -> " + response.statusCode() + " " + response.body());
		}
		catch (IOException ex) {
			logger.warn("GET " + uri + " failed: " + ex);
		}
	}

	private long placeOrder(String customer, String total) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement insert = connection.prepareStatement(
					"INSERT INTO shop.orders (customer, total, placed_at) VALUES (?, ?, ?)",
					Statement.RETURN_GENERATED_KEYS);
			insert.setString(1, customer);
			insert.setBigDecimal(2, new BigDecimal(total));
			insert.setObject(3, LocalDateTime.now());
			return insert;
		}, key);
		return Objects.requireNonNull(key.getKey()).longValue();
	}

}
