package dev.binlog.spring.integration;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableDeleteEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.TransactionCommitEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.event.EventListener;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Events": inserts, updates and deletes arrive in binlog order as table events with column names and
 * typed values, each transaction closed by its commit event, and are selected by {@code binlog.include} and
 * {@code binlog.exclude} and by {@code @BinlogListener}. Once with FULL row metadata (names from the TABLE_MAP) and
 * once with MINIMAL (names from information_schema).
 */
class EventsIntegrationTests {

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void insertsUpdatesAndDeletesInTwoSchemasArriveInOrderWithNamesAndValues(RowMetadata metadata) {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String shop = TestServers.uniqueSchema("shop");
		String audit = TestServers.uniqueSchema("audit");
		server.execute("CREATE DATABASE " + shop, "CREATE DATABASE " + audit,
				"CREATE TABLE " + shop + ".orders (id INT UNSIGNED PRIMARY KEY, customer VARCHAR(50) CHARACTER SET utf8mb4,"
						+ " total DECIMAL(10,2), status ENUM('new','paid','shipped'), created DATETIME(6),"
						+ " qty TINYINT UNSIGNED, big BIGINT UNSIGNED, note TEXT, payload BLOB, day DATE)",
				"CREATE TABLE " + audit + ".log (id BIGINT AUTO_INCREMENT PRIMARY KEY, message VARCHAR(100))");
		BinlogContexts.runner(server).withBean(Recorder.class).run((context) -> {
			Recorder recorder = context.getBean(Recorder.class);
			server.execute("BEGIN",
					"INSERT INTO " + shop + ".orders VALUES (1, 'Zoë 🚀', 12.50, 'new', '2024-02-29 13:45:59.123456', 255,"
							+ " 18446744073709551615, 'first', x'00ff10', '2024-03-01')",
					"INSERT INTO " + audit + ".log (message) VALUES ('order 1 created')", "COMMIT");
			server.execute("UPDATE " + shop + ".orders SET status = 'paid', total = 13.00 WHERE id = 1");
			server.execute("DELETE FROM " + shop + ".orders WHERE id = 1");
			await().atMost(TIMEOUT).until(() -> recorder.changes(shop).size() == 3);

			assertThat(recorder.keys(shop)).containsExactly("write@" + shop + ".orders", "update@" + shop + ".orders",
					"delete@" + shop + ".orders");
			assertThat(recorder.keys(audit)).containsExactly("write@" + audit + ".log");
			// binlog order: both inserts and the commit of their transaction come before the update
			List<String> order = recorder.events.stream()
				.map((event) -> (event instanceof TableChangeEvent change) ? change.getKey() : "commit")
				.filter((key) -> key.equals("commit") || key.contains(shop) || key.contains(audit))
				.toList();
			assertThat(order).containsSubsequence("write@" + shop + ".orders", "write@" + audit + ".log", "commit",
					"update@" + shop + ".orders", "commit", "delete@" + shop + ".orders", "commit");

			TableWriteEvent write = (TableWriteEvent) recorder.changes(shop).get(0);
			assertThat(write.getAction()).isEqualTo(Action.WRITE);
			assertThat(write.getSchema()).isEqualTo(shop);
			assertThat(write.getTable()).isEqualTo("orders");
			assertThat(write.getPosition().file()).startsWith("mysql-bin.");
			assertThat(write.getEventTime()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
			Row row = write.getRows().get(0);
			assertThat(row.columnNames()).containsExactly("id", "customer", "total", "status", "created", "qty", "big",
					"note", "payload", "day");
			assertThat(row.get("id")).isEqualTo(1L);
			assertThat(row.get("customer")).isEqualTo("Zoë 🚀");
			assertThat(row.get("total")).isEqualTo(new BigDecimal("12.50"));
			assertThat(row.get("status")).isEqualTo("new");
			assertThat(row.get("created")).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 45, 59, 123456000));
			assertThat(row.get("qty")).isEqualTo(255);
			assertThat(row.get("big")).isEqualTo(new BigInteger("18446744073709551615"));
			assertThat(row.get("note")).isEqualTo("first");
			assertThat(row.get("payload")).isEqualTo(new byte[] { 0, (byte) 0xff, 0x10 });
			assertThat(row.get("day")).isEqualTo(LocalDate.of(2024, 3, 1));

			TableUpdateEvent update = (TableUpdateEvent) recorder.changes(shop).get(1);
			RowChange change = update.getRows().get(0);
			assertThat(change.before().get("status")).isEqualTo("new");
			assertThat(change.after().get("status")).isEqualTo("paid");
			assertThat(change.after().getBigDecimal("total")).isEqualTo(new BigDecimal("13.00"));

			TableDeleteEvent delete = (TableDeleteEvent) recorder.changes(shop).get(2);
			assertThat(delete.getRows().get(0).get("id")).isEqualTo(1L);
			assertThat(delete.getRows().get(0).get("status")).isEqualTo("paid");

			TransactionCommitEvent commit = recorder.events.stream()
				.filter(TransactionCommitEvent.class::isInstance)
				.map(TransactionCommitEvent.class::cast)
				.reduce((first, second) -> second)
				.orElseThrow();
			// domain 0, the server's server_id (1), sequence
			assertThat(commit.getGtid()).matches("0-1-\\d+");
			assertThat(commit.getPosition().gtidSet()).contains(commit.getGtid());
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(context.getBean(BinlogListenerContainer.class).committedPosition())
					.isEqualTo(commit.getPosition()));
		});
	}

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void includeAndExcludeSelectTables(RowMetadata metadata) {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String shop = TestServers.uniqueSchema("shop");
		String other = TestServers.uniqueSchema("other");
		server.execute("CREATE DATABASE " + shop, "CREATE DATABASE " + other,
				"CREATE TABLE " + shop + ".orders (id INT PRIMARY KEY)",
				"CREATE TABLE " + shop + ".secrets (id INT PRIMARY KEY)",
				"CREATE TABLE " + other + ".orders (id INT PRIMARY KEY)");
		BinlogContexts.runner(server)
			.withBean(Recorder.class)
			.withPropertyValues("binlog.include=" + shop + "\\..*", "binlog.exclude=.*\\.secrets")
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				server.execute("INSERT INTO " + other + ".orders VALUES (1)", "INSERT INTO " + shop + ".secrets VALUES (1)",
						"INSERT INTO " + shop + ".orders VALUES (1)");
				await().atMost(TIMEOUT).until(() -> recorder.changes(shop).size() == 1);
				// the commit of the last insert arrives after its rows: once it is there, nothing else can follow
				await().atMost(TIMEOUT).until(() -> recorder.events.get(recorder.events.size() - 1) instanceof TransactionCommitEvent);
				assertThat(recorder.changes()).extracting(TableChangeEvent::getKey)
					.containsExactly("write@" + shop + ".orders");
			});
	}

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void binlogListenerAnnotationSelectsSchemaTableAndAction(RowMetadata metadata) {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String schema = TestServers.uniqueSchema("annotated");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".orders (id INT PRIMARY KEY, n INT)",
				"CREATE TABLE " + schema + ".customers (id INT PRIMARY KEY)");
		BinlogContexts.runner(server)
			.withBean(Recorder.class)
			.withBean(OrderWrites.class)
			.withPropertyValues("annotated.schema=" + schema)
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				OrderWrites listener = context.getBean(OrderWrites.class);
				server.execute("INSERT INTO " + schema + ".customers VALUES (1)",
						"INSERT INTO " + schema + ".orders VALUES (1, 1), (2, 1)",
						"UPDATE " + schema + ".orders SET n = 2", "DELETE FROM " + schema + ".orders",
						"INSERT INTO " + schema + ".orders VALUES (3, 1)");
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 5);
				assertThat(listener.tableEvents).extracting(TableChangeEvent::getKey)
					.containsOnly("write@" + schema + ".orders")
					.hasSize(2);
				// one row-level event per inserted row, and row events only reach row listeners of that table
				assertThat(listener.rowEvents).extracting((event) -> event.getRow().get("id")).containsExactly(1, 2, 3);
				assertThat(listener.rowEvents).extracting(RowChangeEvent::getKey)
					.containsOnly("write@" + schema + ".orders#row");
			});
	}

	@Test
	void eachRowEventFollowsItsTableEventAndCarriesTheImagesOfItsAction() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("rowevents");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v VARCHAR(5))");
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.withBean(TableAndRowEvents.class)
			.run((context) -> {
				List<Object> events = context.getBean(TableAndRowEvents.class).events;
				server.execute("INSERT INTO " + schema + ".t VALUES (1, 'a'), (2, 'b')",
						"UPDATE " + schema + ".t SET v = 'c' WHERE id = 1", "DELETE FROM " + schema + ".t WHERE id = 2");
				await().atMost(TIMEOUT).until(() -> events.size() == 7);
				assertThat(events).extracting((event) -> (event instanceof RowChangeEvent row) ? row.getKey()
						: ((TableChangeEvent) event).getKey())
					.containsExactly("write@" + schema + ".t", "write@" + schema + ".t#row", "write@" + schema + ".t#row",
							"update@" + schema + ".t", "update@" + schema + ".t#row", "delete@" + schema + ".t",
							"delete@" + schema + ".t#row");
				RowChangeEvent written = (RowChangeEvent) events.get(1);
				assertThat(written.getBefore()).isNull();
				assertThat(written.getAfter().get("v")).isEqualTo("a");
				assertThat(written.getRow()).isEqualTo(written.getAfter());
				RowChangeEvent updated = (RowChangeEvent) events.get(4);
				assertThat(updated.getBefore().get("v")).isEqualTo("a");
				assertThat(updated.getAfter().get("v")).isEqualTo("c");
				assertThat(updated.getRow()).isEqualTo(updated.getAfter());
				RowChangeEvent deleted = (RowChangeEvent) events.get(6);
				assertThat(deleted.getBefore().get("id")).isEqualTo(2);
				assertThat(deleted.getAfter()).isNull();
				assertThat(deleted.getRow()).isEqualTo(deleted.getBefore());
			});
	}

	@Test
	void rowEventsSwitchedOffReachNoRowListener() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("norowevents");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.include=" + schema + "\\..*", "binlog.row-events=false")
			.withBean(Recorder.class)
			.withBean(Recorder.Rows.class)
			.run((context) -> {
				Recorder recorder = context.getBean(Recorder.class);
				server.execute("INSERT INTO " + schema + ".t VALUES (1), (2)");
				// the commit event follows the row events the transaction would have had
				await().atMost(TIMEOUT)
					.until(() -> recorder.events.stream().anyMatch(TransactionCommitEvent.class::isInstance));
				assertThat(recorder.changes(schema)).hasSize(1);
				assertThat(context.getBean(Recorder.Rows.class).events).isEmpty();
			});
	}

	/**
	 * Records table and row events in the order they arrive.
	 */
	static class TableAndRowEvents {

		final List<Object> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(TableChangeEvent event) {
			this.events.add(event);
		}

		@EventListener
		void on(RowChangeEvent event) {
			this.events.add(event);
		}

	}

	static class OrderWrites {

		final List<TableChangeEvent> tableEvents = new CopyOnWriteArrayList<>();

		final List<RowChangeEvent> rowEvents = new CopyOnWriteArrayList<>();

		@BinlogListener(schema = "${annotated.schema}", table = "orders", action = Action.WRITE)
		void onOrderWrite(TableWriteEvent event) {
			this.tableEvents.add(event);
		}

		@BinlogListener(schema = "${annotated.schema}", table = "orders", action = Action.WRITE)
		void onOrderRow(RowChangeEvent event) {
			this.rowEvents.add(event);
		}

	}

}
