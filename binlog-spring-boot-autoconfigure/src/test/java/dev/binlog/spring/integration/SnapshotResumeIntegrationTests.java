package dev.binlog.spring.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.binlog.spring.TableSnapshotCompletedEvent;
import dev.binlog.spring.TableSnapshotEvent;
import dev.binlog.spring.TableSnapshotStartedEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.context.event.EventListener;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Snapshots continue after a restart from the progress saved with the position, and cost the stream nothing while
 * none runs.
 */
class SnapshotResumeIntegrationTests {

	private static final int ROWS = 30_000;

	private static final int CHUNK = 100;

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void aRestartMidSnapshotContinuesAfterTheLastCompletedChunk() throws Exception {
		String schema = TestServers.uniqueSchema("snapresume");
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema,
				"CREATE TABLE " + schema + ".items (id INT PRIMARY KEY, v VARCHAR(40), n BIGINT)",
				"INSERT INTO " + schema + ".items SELECT seq, CONCAT('v', seq), seq FROM seq_1_to_" + ROWS);
		SnapshotRows first = new SnapshotRows();
		Replica replica = new Replica();
		BinlogContexts.runner(this.server, schema)
			.withPropertyValues("binlog.snapshot.chunk-size=" + CHUNK)
			.withBean(SnapshotRows.class, () -> first)
			.withBean(Replica.class, () -> replica)
			.run((context) -> {
				context.getBean(BinlogListenerContainer.class).snapshots().snapshot(schema, "items", null);
				await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> first.chunks.get() >= 5);
				// the context closes here: a graceful stop in the middle of the table
			});
		assertThat(first.completed).as("stopped before the table was done").isEmpty();
		String progress = TestServers.queryForString(this.server,
				"SELECT snapshot_progress FROM " + schema + ".binlog_position WHERE name = 'default'");
		assertThat(progress).as("progress saved with the position").contains("items");

		SnapshotRows second = new SnapshotRows();
		BinlogContexts.runner(this.server, schema)
			.withPropertyValues("binlog.snapshot.chunk-size=" + CHUNK)
			.withBean(SnapshotRows.class, () -> second)
			.withBean(Replica.class, () -> replica)
			.run((context) -> {
				await().atMost(TIMEOUT).until(() -> second.completed.containsKey("items"));
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				await().atMost(TIMEOUT).until(() -> !container.snapshots().isActive());
			});
		assertThat(second.started).as("a continued table does not start again").isEmpty();
		long readTwice = first.ids.keySet().stream().filter(second.ids::containsKey).count();
		System.out.println("Rows read twice after a graceful restart: " + readTwice + " (chunks of " + CHUNK + ")");
		assertThat(readTwice).isLessThanOrEqualTo(CHUNK);
		assertThat(first.ids.size() + second.ids.size() - readTwice).isEqualTo(ROWS);
		assertThat(second.completed.get("items")).as("rows of both runs").isGreaterThanOrEqualTo(ROWS);
		assertThat(replica.table("items"))
			.isEqualTo(Replica.select(this.server, schema, "items", List.of("id", "v", "n")));
		assertThat(TestServers.queryForString(this.server, "SELECT COALESCE(snapshot_progress, 'none') FROM " + schema
				+ ".binlog_position WHERE name = 'default'")).isEqualTo("none");
	}

	@Test
	void withoutASnapshotNoCoordinatorNorThreadExistsAndOneOnDemandEndsWithItsLastTable() throws Exception {
		String schema = TestServers.uniqueSchema("snaplazy");
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema,
				"CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v INT)",
				"INSERT INTO " + schema + ".t SELECT seq, seq FROM seq_1_to_50");
		SnapshotRows rows = new SnapshotRows();
		BinlogContexts.runner(this.server)
			.withPropertyValues("binlog.include=" + schema + "\\..*", "binlog.snapshot.chunk-size=10")
			.withBean(SnapshotRows.class, () -> rows)
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				this.server.execute("INSERT INTO " + schema + ".t VALUES (51, 51)");
				BinlogContexts.awaitCaughtUp(container);
				assertThat(container.snapshots().isActive()).isFalse();
				assertThat(snapshotThreads()).isZero();
				container.snapshots().snapshot(schema, "t", null);
				await().atMost(TIMEOUT).until(() -> rows.completed.containsKey("t"));
				assertThat(rows.completed).containsEntry("t", 51L);
				await().atMost(TIMEOUT).until(() -> !container.snapshots().isActive() && snapshotThreads() == 0);
				// a second request after the first ended makes a new coordinator
				container.snapshots().snapshot(schema, "t", "id <= 5");
				await().atMost(TIMEOUT).until(() -> rows.completedEvents.get() == 2);
				assertThat(rows.completed).containsEntry("t", 5L);
			});
	}

	@Test
	void aPositionTableWithoutTheProgressColumnStreamsButRefusesSnapshotsNamingTheAlterTable() throws Exception {
		String schema = TestServers.uniqueSchema("snapold");
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema,
				"CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)", "INSERT INTO " + schema + ".t VALUES (1)",
				"CREATE TABLE " + schema + ".binlog_position (name VARCHAR(100) NOT NULL PRIMARY KEY, version BIGINT "
						+ "NOT NULL, binlog_file VARCHAR(255) NOT NULL, binlog_position BIGINT NOT NULL, "
						+ "gtid_set TEXT, server_id BIGINT NOT NULL, updated_at TIMESTAMP(3) NOT NULL, "
						+ "owner VARCHAR(255))");
		String alter = "ALTER TABLE binlog_position ADD snapshot_progress";
		BinlogContexts.runner(this.server, schema)
			.withPropertyValues("binlog.position.initialize-schema=never", "binlog.snapshot.mode=initial")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining(alter));
		Recorder recorder = new Recorder();
		BinlogContexts.runner(this.server, schema)
			.withPropertyValues("binlog.position.initialize-schema=never")
			.withBean(Recorder.class, () -> recorder)
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				this.server.execute("INSERT INTO " + schema + ".t VALUES (2)");
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 1);
				assertThatIllegalStateException().isThrownBy(() -> container.snapshots().snapshot(schema, "t", null))
					.withMessageContaining(alter);
				assertThat(container.snapshots().isActive()).isFalse();
			});
	}

	private static long snapshotThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("binlog-snapshot-"))
			.count();
	}

	static class SnapshotRows {

		final Map<Object, Integer> ids = new ConcurrentHashMap<>();

		final Map<String, Long> completed = new ConcurrentHashMap<>();

		final Map<String, Boolean> started = new ConcurrentHashMap<>();

		final AtomicInteger chunks = new AtomicInteger();

		final AtomicInteger completedEvents = new AtomicInteger();

		@EventListener
		void started(TableSnapshotStartedEvent event) {
			this.started.put(event.getTable(), true);
		}

		@EventListener
		void chunk(TableSnapshotEvent event) {
			event.getRows().forEach((row) -> this.ids.merge(row.get("id"), 1, Integer::sum));
			this.chunks.incrementAndGet();
		}

		@EventListener
		void completed(TableSnapshotCompletedEvent event) {
			this.completed.put(event.getTable(), event.getRows());
			this.completedEvents.incrementAndGet();
		}

	}

}
