package dev.binlog.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedBinlogServer;
import dev.binlog.test.events.BinlogCatchUp;
import dev.binlog.test.events.BinlogEventRecorder;
import dev.binlog.test.events.BinlogEventsAssert;
import dev.binlog.test.events.RecordBinlogEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the sample shop against an embedded MariaDB, wired by {@link EmbeddedBinlogServer} alone (both the
 * application's DataSource and the binlog connection, with no property): after its workload, the read model built
 * from binlog events equals a SELECT of the orders table, and every change is in the audit trail; over HTTP, the
 * health endpoint shows the stream up.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedBinlogServer(database = "shop")
@RecordBinlogEvents
class ShopApplicationTests {

	@Autowired
	private OrderReadModel readModel;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private BinlogEventRecorder events;

	@Autowired
	private BinlogListenerContainer container;

	@LocalServerPort
	private int port;

	// written only with the test support: the recorder, the catch-up wait and the assertions
	@Test
	void workloadPublishesItsOrdersAsEventsInOrder() {
		BinlogCatchUp.await(this.container, Duration.ofSeconds(30));
		BinlogEventsAssert.assertThat(this.events)
			.hasWritten("shop.orders")
			.hasUpdated("shop.orders", "id", 2, "status")
			.hasUpdated("shop.orders", "id", 1, "status")
			.hasDeleted("shop.orders", "id", 3)
			.hasChangesInOrder("write@shop.orders", "update@shop.orders", "delete@shop.orders");
	}

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

	@Test
	void healthEndpointShowsTheBinlogComponentUpOverHttp() throws Exception {
		HttpResponse<String> health = get("/actuator/health/binlog");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		HttpResponse<String> stream = get("/actuator/binlog");
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(stream.body()).contains("\"state\"");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
