package dev.binlog.spring.integration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.binlog.spring.BinlogEvent;
import dev.binlog.spring.SchemaChangeEvent;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableColumn;
import dev.binlog.spring.TableSchemaChangeEvent;
import dev.binlog.spring.TableTruncateEvent;
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
 * The README's "Schema changes": DDL on captured tables publishes a {@link TableSchemaChangeEvent} in binlog order
 * with the layouts before and after, TRUNCATE a {@link TableTruncateEvent}, other DDL a {@link SchemaChangeEvent};
 * "after" is given only while information_schema still shows the table as the statement left it.
 */
class SchemaChangeEventsIntegrationTests {

	@ParameterizedTest
	@EnumSource(value = RowMetadata.class, names = { "FULL", "MINIMAL" })
	void ddlOnCapturedTablesPublishesLayoutsBeforeAndAfterInBinlogOrder(RowMetadata metadata) {
		EmbeddedMariaDb server = TestServers.get(metadata);
		String schema = TestServers.uniqueSchema("ddl");
		String other = TestServers.uniqueSchema("ddlother");
		server.execute("CREATE DATABASE " + schema, "CREATE DATABASE " + other,
				"CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, a VARCHAR(10))",
				"CREATE TABLE " + other + ".x (id INT PRIMARY KEY)");
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.withBean(Events.class)
			.run((context) -> {
				Events events = context.getBean(Events.class);
				step(server, events, 1, "INSERT INTO " + schema + ".t VALUES (1, 'x')");
				step(server, events, 2, "ALTER TABLE " + schema + ".t ADD COLUMN b DECIMAL(5,2)");
				step(server, events, 3, "ALTER TABLE " + schema + ".t MODIFY a TEXT");
				step(server, events, 4, "INSERT INTO " + schema + ".t VALUES (2, 'y', 1.5)");
				step(server, events, 5, "ALTER TABLE " + schema + ".t DROP COLUMN b");
				step(server, events, 7, "ALTER TABLE " + other + ".x ADD COLUMN c INT",
						"RENAME TABLE " + schema + ".t TO " + schema + ".t2");
				step(server, events, 8, "INSERT INTO " + schema + ".t2 VALUES (3, 'z')");
				step(server, events, 9, "TRUNCATE TABLE " + schema + ".t2");
				step(server, events, 10, "CREATE VIEW " + schema + ".v AS SELECT 1 AS one");

				List<BinlogEvent> seen = events.events;
				assertThat(seen).extracting(SchemaChangeEventsIntegrationTests::describe)
					.containsExactly("write t", "schema t", "schema t", "write t", "schema t", "schema t",
							"schema t2", "write t2", "truncate t2", "ddl");
				TableSchemaChangeEvent added = (TableSchemaChangeEvent) seen.get(1);
				assertThat(added.getStatement()).contains("ADD COLUMN b");
				assertThat(added.getSchema()).isEqualTo(schema);
				assertThat(added.getColumnsBefore()).containsExactly(column("id", "int"), column("a", "varchar"));
				assertThat(added.getColumnsAfter()).containsExactly(column("id", "int"), column("a", "varchar"),
						column("b", "decimal"));
				TableSchemaChangeEvent modified = (TableSchemaChangeEvent) seen.get(2);
				// no rows event in between: the layout after the previous statement is the one before this
				assertThat(modified.getColumnsBefore()).isEqualTo(added.getColumnsAfter());
				assertThat(modified.getColumnsAfter()).containsExactly(column("id", "int"), column("a", "text"),
						column("b", "decimal"));
				TableSchemaChangeEvent dropped = (TableSchemaChangeEvent) seen.get(4);
				// from the rows event's layout, named as information_schema names the types
				assertThat(dropped.getColumnsBefore()).isEqualTo(modified.getColumnsAfter());
				assertThat(dropped.getColumnsAfter()).containsExactly(column("id", "int"), column("a", "text"));
				TableSchemaChangeEvent renamedFrom = (TableSchemaChangeEvent) seen.get(5);
				TableSchemaChangeEvent renamedTo = (TableSchemaChangeEvent) seen.get(6);
				assertThat(renamedFrom.getColumnsBefore()).isEqualTo(dropped.getColumnsAfter());
				assertThat(renamedFrom.getColumnsAfter()).isEmpty();
				assertThat(renamedTo.getColumnsBefore()).isNull();
				assertThat(renamedTo.getColumnsAfter()).isEqualTo(dropped.getColumnsAfter());
				TableTruncateEvent truncated = (TableTruncateEvent) seen.get(8);
				assertThat(truncated.getTable()).isEqualTo("t2");
				assertThat(truncated.getColumnsBefore()).isEqualTo(truncated.getColumnsAfter())
					.isEqualTo(dropped.getColumnsAfter());
				SchemaChangeEvent view = (SchemaChangeEvent) seen.get(9);
				assertThat(view.getStatement()).contains("CREATE").contains("VIEW");
				assertThat(seen).allSatisfy((event) -> assertThat(event.toString()).doesNotContain(other));
			});
	}

	@Test
	void layoutAfterAStatementIsUnknownWhileALaterStatementOnTheTableIsAhead() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("ddllag");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.withBean(Events.class)
			.withBean(Gate.class)
			.run((context) -> {
				Events events = context.getBean(Events.class);
				Gate gate = context.getBean(Gate.class);
				server.execute("INSERT INTO " + schema + ".t VALUES (1)");
				// the stream is held in the listener of the insert while both ALTERs are written: it lags
				await().atMost(TIMEOUT).until(() -> gate.entered.getCount() == 0);
				server.execute("ALTER TABLE " + schema + ".t ADD COLUMN a INT",
						"ALTER TABLE " + schema + ".t ADD COLUMN b INT");
				gate.open.countDown();
				await().atMost(TIMEOUT).until(() -> events.events.size() == 3);
				TableSchemaChangeEvent first = (TableSchemaChangeEvent) events.events.get(1);
				TableSchemaChangeEvent second = (TableSchemaChangeEvent) events.events.get(2);
				assertThat(first.getColumnsBefore()).containsExactly(column("id", "int"));
				assertThat(first.getColumnsAfter()).isNull();
				assertThat(second.getColumnsBefore()).isNull();
				assertThat(second.getColumnsAfter()).containsExactly(column("id", "int"), column("a", "int"),
						column("b", "int"));
			});
	}

	@Test
	void createTableHasNoLayoutBeforeAndDropTableAnEmptyLayoutAfter() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("ddlcreate");
		server.execute("CREATE DATABASE " + schema);
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.include=" + schema + "\\..*")
			.withBean(Events.class)
			.run((context) -> {
				Events events = context.getBean(Events.class);
				step(server, events, 1, "CREATE TABLE " + schema + ".n (id INT PRIMARY KEY, s VARCHAR(5))");
				step(server, events, 2, "INSERT INTO " + schema + ".n VALUES (1, 'a')");
				step(server, events, 3, "DROP TABLE " + schema + ".n");
				assertThat(events.events).extracting(SchemaChangeEventsIntegrationTests::describe)
					.containsExactly("schema n", "write n", "schema n");
				TableSchemaChangeEvent created = (TableSchemaChangeEvent) events.events.get(0);
				assertThat(created.getStatement()).contains("CREATE TABLE");
				assertThat(created.getColumnsBefore()).isNull();
				assertThat(created.getColumnsAfter()).containsExactly(column("id", "int"), column("s", "varchar"));
				TableSchemaChangeEvent dropped = (TableSchemaChangeEvent) events.events.get(2);
				assertThat(dropped.getStatement()).contains("DROP TABLE");
				assertThat(dropped.getColumnsBefore()).isEqualTo(created.getColumnsAfter());
				assertThat(dropped.getColumnsAfter()).isEmpty();
			});
	}

	private static void step(EmbeddedMariaDb server, Events events, int expected, String... statements) {
		server.execute(statements);
		// one statement on the table at a time: the stream is caught up when it reads each (without FULL metadata a
		// rows event followed by an ALTER it has not read yet could not be decoded)
		await().atMost(TIMEOUT).until(() -> events.events.size() >= expected);
	}

	private static TableColumn column(String name, String type) {
		return new TableColumn(name, type);
	}

	private static String describe(BinlogEvent event) {
		if (event instanceof TableTruncateEvent truncate) {
			return "truncate " + truncate.getTable();
		}
		if (event instanceof TableSchemaChangeEvent change) {
			return "schema " + change.getTable();
		}
		if (event instanceof TableChangeEvent change) {
			return change.getAction().name().toLowerCase() + " " + change.getTable();
		}
		return "ddl";
	}

	static class Events {

		final List<BinlogEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(TableChangeEvent event) {
			this.events.add(event);
		}

		@EventListener
		void on(SchemaChangeEvent event) {
			this.events.add(event);
		}

	}

	static class Gate {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch open = new CountDownLatch(1);

		@EventListener
		void on(TableChangeEvent event) throws InterruptedException {
			this.entered.countDown();
			this.open.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}

	}

}
