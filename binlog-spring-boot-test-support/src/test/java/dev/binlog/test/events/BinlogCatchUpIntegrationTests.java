package dev.binlog.test.events;

import java.time.Duration;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedBinlogServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Await caught up" against a real MariaDB, in an application wired by {@link EmbeddedBinlogServer} alone: once
 * {@link BinlogCatchUp#await} returns, the recorder already holds the events of every write made before the call,
 * with no further waiting.
 */
@SpringBootTest(classes = ShopTestApplication.class)
@EmbeddedBinlogServer(database = "shop")
@RecordBinlogEvents
class BinlogCatchUpIntegrationTests {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private BinlogEventRecorder events;

	@Autowired
	private BinlogListenerContainer container;

	@Test
	void awaitReturnsOnceEverythingWrittenBeforeWasDelivered() {
		this.jdbc.execute("CREATE TABLE shop.orders (id INT PRIMARY KEY, status VARCHAR(20))");
		this.jdbc.update("INSERT INTO shop.orders VALUES (1, 'NEW'), (2, 'NEW')");
		this.jdbc.update("UPDATE shop.orders SET status = 'PAID' WHERE id = 2");
		this.jdbc.update("DELETE FROM shop.orders WHERE id = 1");

		BinlogCatchUp.await(this.container, Duration.ofSeconds(30));

		BinlogEventsAssert.assertThat(this.events)
			.hasWritten("shop.orders")
			.hasUpdated("shop.orders", "id", 2, "status")
			.hasDeleted("shop.orders", "id", 1)
			.hasChangesInOrder("write@shop.orders", "update@shop.orders", "delete@shop.orders");
	}

	@Test
	void awaitFailsNamingBothPositionsWhenTheStreamIsNotRunning() {
		this.container.stop();
		try {
			this.jdbc.execute("CREATE TABLE IF NOT EXISTS shop.unseen (id INT PRIMARY KEY)");
			this.jdbc.update("INSERT INTO shop.unseen VALUES (1)");
			assertThat(catchUpFailure()).contains("did not deliver up to").contains("committed");
		}
		finally {
			this.container.start();
		}
	}

	private String catchUpFailure() {
		try {
			BinlogCatchUp.await(this.container, Duration.ofMillis(300));
		}
		catch (AssertionError ex) {
			return ex.getMessage();
		}
		throw new AssertionError("BinlogCatchUp.await returned although the stream was stopped");
	}

}
