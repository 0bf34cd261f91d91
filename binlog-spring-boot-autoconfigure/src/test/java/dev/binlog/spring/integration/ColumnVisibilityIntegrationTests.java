package dev.binlog.spring.integration;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Server settings and privileges": with MINIMAL row metadata the column names come from
 * information_schema, which shows a user only the columns it may read and nothing of a dropped table. Either stops
 * the stream with a message naming the real cause, not a schema change.
 */
class ColumnVisibilityIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.MINIMAL);

	@Test
	void missingSelectGrantNamesTheGrantInsteadOfASchemaChange() throws Exception {
		String schema = TestServers.uniqueSchema("noselect");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, a INT)");
		this.server.createUser("cdc_no_select", "pw-no-select", "REPLICATION SLAVE", "REPLICATION CLIENT");
		String error = failAfter(schema, new String[] { "INSERT INTO " + schema + ".t VALUES (1, 10)" },
				"binlog.username=cdc_no_select", "binlog.password=pw-no-select");
		assertThat(error).contains("User 'cdc_no_select'@'%' lacks SELECT on " + schema + ".t")
			.contains("GRANT SELECT ON `" + schema + "`.`t` TO 'cdc_no_select'@'%'")
			.doesNotContainIgnoringCase("schema change")
			.doesNotContain("ALTER")
			.doesNotContain("was changed")
			.doesNotContain("pw-no-select");
	}

	@Test
	void droppedTableSaysDroppedInsteadOfChanged() throws Exception {
		String schema = TestServers.uniqueSchema("dropped");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, a INT)");
		String error = failAfter(schema,
				new String[] { "INSERT INTO " + schema + ".t VALUES (1, 10)", "DROP TABLE " + schema + ".t" });
		assertThat(error).contains("Cannot name the columns of " + schema + ".t: the table no longer exists")
			.contains("binlog_row_metadata=FULL")
			.doesNotContain("was changed");
	}

	// streams the statements from before the first: the stream stops at the insert, before delivering it
	private String failAfter(String schema, String[] statements, String... properties) throws Exception {
		String position = TestServers.binlogPosition(this.server);
		this.server.execute(statements);
		StringBuilder error = new StringBuilder();
		BinlogContexts.runner(this.server)
			.withBean(Recorder.class)
			.withPropertyValues("binlog.start-position=" + position, "binlog.include=" + schema + "\\..*")
			.withPropertyValues(properties)
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThat(context.getBean(Recorder.class).changes(schema)).isEmpty();
				assertThat(container.committedPosition().toString()).startsWith(position);
				error.append(container.getStatus().lastError());
			});
		return error.toString();
	}

}
