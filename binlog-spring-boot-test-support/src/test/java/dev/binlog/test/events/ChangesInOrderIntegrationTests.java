package dev.binlog.test.events;

import java.time.Duration;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedBinlogServer;
import dev.binlog.test.EmbeddedMariaDbConnectionDetails;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * "In this order": changes are recorded in the order the server committed them, across tables and within a
 * transaction, and an order the server did not write fails the assertion.
 */
@SpringBootTest(classes = ShopTestApplication.class)
@EmbeddedBinlogServer(database = "shop")
@RecordBinlogEvents
class ChangesInOrderIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private EmbeddedMariaDbConnectionDetails database;

	@Autowired
	private BinlogEventRecorder events;

	@Autowired
	private BinlogListenerContainer container;

	@Test
	void changesOfSeveralTablesAreRecordedInCommitOrder() {
		this.jdbc.execute("CREATE TABLE shop.carts (id INT PRIMARY KEY, items INT)");
		this.jdbc.execute("CREATE TABLE shop.payments (id INT PRIMARY KEY, amount INT)");
		this.jdbc.update("INSERT INTO shop.carts VALUES (1, 1)");
		this.jdbc.update("INSERT INTO shop.payments VALUES (1, 10)");
		this.jdbc.update("UPDATE shop.carts SET items = 0 WHERE id = 1");
		this.jdbc.update("DELETE FROM shop.payments WHERE id = 1");

		BinlogCatchUp.await(this.container, TIMEOUT);

		BinlogEventsAssert.assertThat(this.events)
			.hasChangesInOrder("write@shop.carts", "write@shop.payments", "update@shop.carts", "delete@shop.payments");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> BinlogEventsAssert.assertThat(this.events)
			.hasChangesInOrder("delete@shop.payments", "write@shop.payments"));
	}

	@Test
	void theChangesOfOneTransactionKeepTheOrderOfItsStatements() {
		this.jdbc.execute("CREATE TABLE shop.shipments (id INT PRIMARY KEY, state VARCHAR(10))");
		this.jdbc.execute("CREATE TABLE shop.parcels (id INT PRIMARY KEY, shipment INT)");
		this.database.server()
			.execute("START TRANSACTION", "INSERT INTO shop.shipments VALUES (1, 'PACKING')",
					"INSERT INTO shop.parcels VALUES (1, 1)", "UPDATE shop.shipments SET state = 'SENT' WHERE id = 1",
					"COMMIT");

		BinlogCatchUp.await(this.container, TIMEOUT);

		BinlogEventsAssert.assertThat(this.events)
			.hasChangesInOrder("write@shop.shipments", "write@shop.parcels", "update@shop.shipments");
	}

}
