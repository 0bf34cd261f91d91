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
 * "A row with this key was updated and these columns changed", on real update events: the changed columns are
 * exactly those whose value differs between the before and after images of the row.
 */
@SpringBootTest(classes = ShopTestApplication.class)
@EmbeddedBinlogServer(database = "shop")
@RecordBinlogEvents
class RowUpdatedIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private BinlogEventRecorder events;

	@Autowired
	private BinlogListenerContainer container;

	@Test
	void anUpdateIsRecordedWithExactlyTheColumnsItChanged() {
		createInvoices("invoices");
		this.jdbc.update("UPDATE shop.invoices SET status = 'PAID' WHERE id = 1");
		this.jdbc.update("UPDATE shop.invoices SET status = 'PAID', total = 12.50 WHERE id = 2");

		BinlogCatchUp.await(this.container, TIMEOUT);

		BinlogEventsAssert.assertThat(this.events)
			.hasUpdated("shop.invoices", "id", 1, "status")
			.hasUpdated("shop.invoices", "id", 2, "status", "total");
	}

	@Test
	void anUpdateOfOtherColumnsFailsTheAssertionNamingTheColumnsThatChanged() {
		createInvoices("credit_notes");
		this.jdbc.update("UPDATE shop.credit_notes SET note = 'late' WHERE id = 1");

		BinlogCatchUp.await(this.container, TIMEOUT);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> BinlogEventsAssert.assertThat(this.events)
				.hasUpdated("shop.credit_notes", "id", 1, "status"))
			.withMessageContaining("[note]");
	}

	private void createInvoices(String table) {
		this.jdbc.execute("CREATE TABLE shop." + table
				+ " (id INT PRIMARY KEY, status VARCHAR(10), total DECIMAL(8,2), note VARCHAR(40))");
		this.jdbc.update("INSERT INTO shop." + table + " VALUES (1, 'NEW', 10.00, NULL), (2, 'NEW', 12.00, NULL)");
	}

}
