package dev.binlog.test.events;

import java.time.Duration;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedBinlogServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * "A table was written", asserted on what a real server streamed to an application wired by the test support
 * alone: inserted rows are recorded as writes to their table; tables outside {@code binlog.include} are not.
 */
@SpringBootTest(classes = ShopTestApplication.class)
@EmbeddedBinlogServer(database = "shop")
@RecordBinlogEvents
class TableWrittenIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private BinlogEventRecorder events;

	@Autowired
	private BinlogListenerContainer container;

	@Test
	void insertedRowsAreRecordedAsWritesToTheirTable() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS shop.customers (id INT PRIMARY KEY, name VARCHAR(40))");
		this.jdbc.update("INSERT INTO shop.customers VALUES (1, 'Ada'), (2, 'Grace')");

		BinlogCatchUp.await(this.container, TIMEOUT);

		BinlogEventsAssert.assertThat(this.events).hasWritten("shop.customers").hasWritten("customers");
	}

	@Test
	void writesToTablesOutsideTheIncludedSchemasAreNotRecorded() {
		this.jdbc.execute("CREATE DATABASE IF NOT EXISTS warehouse");
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS warehouse.stock (id INT PRIMARY KEY, quantity INT)");
		this.jdbc.update("INSERT INTO warehouse.stock VALUES (1, 10)");

		BinlogCatchUp.await(this.container, TIMEOUT);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> BinlogEventsAssert.assertThat(this.events).hasWritten("warehouse.stock"))
			.withMessageContaining("Expected a write to warehouse.stock");
	}

}
