package dev.binlog.sample;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import dev.binlog.test.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the sample shop against an embedded MariaDB: after its workload, the read model built from binlog events
 * equals a SELECT of the orders table, and every change is in the audit trail.
 */
@SpringBootTest
class ShopApplicationTests {

	static final EmbeddedMariaDb database = EmbeddedMariaDb.builder().start();

	static {
		database.execute("CREATE DATABASE IF NOT EXISTS shop");
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> database.jdbcUrl("shop"));
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

	@AfterAll
	static void stopDatabase() {
		database.close();
	}

	@Autowired
	private OrderReadModel readModel;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void readModelAndAuditTrailFollowTheOrdersTable() {
		Map<Long, OrderReadModel.OrderView> orders = this.jdbc
			.query("SELECT id, customer, status, total FROM shop.orders",
					(rs, row) -> new OrderReadModel.OrderView(rs.getLong(1), rs.getString(2), rs.getString(3),
							rs.getBigDecimal(4)))
			.stream()
			.collect(Collectors.toMap(OrderReadModel.OrderView::id, (view) -> view));
		assertThat(orders).hasSize(2);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.readModel.orders()).isEqualTo(orders));
		// 3 inserts, 3 row updates (2 paid, 1 shipped) and 1 delete
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.jdbc.queryForList("SELECT action FROM audit.order_changes ORDER BY id",
					String.class))
				.containsExactly("WRITE", "WRITE", "WRITE", "UPDATE", "UPDATE", "UPDATE", "DELETE"));
		// the position is saved in shop.binlog_position, whose own writes are never published
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM shop.binlog_position WHERE name = 'default'", Integer.class)).isEqualTo(1));
	}

}
