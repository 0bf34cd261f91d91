package dev.binlog.spring.integration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
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
import static org.awaitility.Awaitility.await;

/**
 * Table snapshots interleaved with the stream, against a real MariaDB: the copy built from snapshot rows and stream
 * changes equals the source, whatever the stream changed while the chunks were read.
 */
class SnapshotIntegrationTests {

	private static final int ROWS = Integer.getInteger("snapshot.rows", 20_000);

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void snapshotDuringInsertsUpdatesKeyChangesAndDeletesBuildsACopyEqualToTheSource() throws Exception {
		String schema = TestServers.uniqueSchema("snap");
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema,
				"CREATE TABLE " + schema + ".items (id INT PRIMARY KEY, v VARCHAR(40), n BIGINT)",
				"INSERT INTO " + schema + ".items SELECT seq, CONCAT('v', seq), seq FROM seq_1_to_" + ROWS);
		Replica replica = new Replica();
		Snapshots snapshots = new Snapshots();
		BinlogContexts.runner(this.server, schema)
			.withPropertyValues("binlog.snapshot.chunk-size=500")
			.withBean(Replica.class, () -> replica)
			.withBean(Snapshots.class, () -> snapshots)
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				AtomicBoolean running = new AtomicBoolean(true);
				AtomicInteger changes = new AtomicInteger();
				Thread workload = new Thread(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					while (running.get()) {
						int id = random.nextInt(1, ROWS * 2);
						String table = schema + ".items";
						switch (random.nextInt(4)) {
							case 0 -> this.server.execute("INSERT IGNORE INTO " + table + " VALUES (" + (ROWS + id)
									+ ", 'new', " + id + ")");
							case 1 -> this.server.execute("UPDATE " + table + " SET v = 'upd', n = n + 1 WHERE id = "
									+ id);
							// a key change: the row leaves its place in the key order, maybe ahead of the chunks
							case 2 -> this.server.execute("UPDATE IGNORE " + table + " SET id = " + (ROWS * 3 + id)
									+ " WHERE id = " + id);
							default -> this.server.execute("DELETE FROM " + table + " WHERE id = " + id);
						}
						changes.incrementAndGet();
					}
				});
				workload.start();
				container.snapshots().snapshot(schema, "items", null);
				await().atMost(TIMEOUT.multipliedBy(4)).until(() -> snapshots.completed.containsKey("items"));
				running.set(false);
				workload.join();
				BinlogContexts.awaitCaughtUp(container);
				System.out.println("[snapshot] " + ROWS + " rows, " + changes.get() + " concurrent changes, "
						+ snapshots.chunks.get() + " chunks");
				assertThat(changes.get()).as("changes made during the snapshot").isPositive();
				assertThat(snapshots.chunks.get()).isGreaterThan(1);
				assertThat(replica.table("items"))
					.isEqualTo(Replica.select(this.server, schema, "items", List.of("id", "v", "n")));
			});
	}

	@Test
	void initialModeSnapshotsEveryCapturedTableOnAFirstStart() throws Exception {
		String schema = TestServers.uniqueSchema("snapinit");
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema,
				"CREATE TABLE " + schema + ".a (id INT PRIMARY KEY, v VARCHAR(10))",
				"CREATE TABLE " + schema + ".b (k1 INT NOT NULL, k2 VARCHAR(10) NOT NULL, v INT, UNIQUE KEY (k1, k2))",
				"INSERT INTO " + schema + ".a SELECT seq, 'a' FROM seq_1_to_25",
				"INSERT INTO " + schema + ".b SELECT seq % 3, CONCAT('k', seq), seq FROM seq_1_to_40");
		Snapshots snapshots = new Snapshots();
		BinlogContexts.runner(this.server, schema)
			.withPropertyValues("binlog.snapshot.mode=initial", "binlog.snapshot.chunk-size=7")
			.withBean(Snapshots.class, () -> snapshots)
			.run((context) -> {
				await().atMost(TIMEOUT).until(() -> snapshots.completed.size() == 2);
				assertThat(snapshots.completed).containsEntry("a", 25L).containsEntry("b", 40L);
				assertThat(snapshots.rows.stream().filter((row) -> row.startsWith("b:")).distinct()).hasSize(40);
				assertThat(snapshots.started).containsExactlyInAnyOrder("a", "b");
			});
	}

	@Test
	void onDemandSnapshotWithAConditionReadsOnlyThatRange() throws Exception {
		String schema = TestServers.uniqueSchema("snaprange");
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema,
				"CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v INT)",
				"INSERT INTO " + schema + ".t SELECT seq, seq FROM seq_1_to_100");
		Snapshots snapshots = new Snapshots();
		BinlogContexts.runner(this.server, schema)
			.withPropertyValues("binlog.snapshot.chunk-size=10")
			.withBean(Snapshots.class, () -> snapshots)
			.run((context) -> {
				context.getBean(BinlogListenerContainer.class).snapshots().snapshot(schema, "t", "id BETWEEN 41 AND 65");
				await().atMost(TIMEOUT).until(() -> snapshots.completed.containsKey("t"));
				assertThat(snapshots.completed).containsEntry("t", 25L);
				assertThat(snapshots.rows).hasSize(25).allMatch((row) -> {
					int id = Integer.parseInt(row.substring(2));
					return id >= 41 && id <= 65;
				});
			});
	}

	@Test
	void aUserWithOnlyReplicationAndSelectPrivilegesCanSnapshot() throws Exception {
		String schema = TestServers.uniqueSchema("snapgrant");
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)",
				"INSERT INTO " + schema + ".t SELECT seq FROM seq_1_to_30");
		this.server.createUser("cdc_snap", "pw-snap", "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");
		Snapshots snapshots = new Snapshots();
		BinlogContexts.runner(this.server)
			.withPropertyValues("binlog.username=cdc_snap", "binlog.password=pw-snap", "binlog.include=" + schema
					+ "\\..*", "binlog.snapshot.mode=initial")
			.withBean(Snapshots.class, () -> snapshots)
			.run((context) -> {
				await().atMost(TIMEOUT).until(() -> snapshots.completed.containsKey("t"));
				assertThat(snapshots.completed).containsEntry("t", 30L);
			});
	}

	static class Snapshots {

		final Map<String, Long> completed = new ConcurrentHashMap<>();

		final List<String> started = new CopyOnWriteArrayList<>();

		// not copy-on-write: a million-row run (-Dsnapshot.rows) would copy the list for every row
		final List<String> rows = Collections.synchronizedList(new ArrayList<>());

		final AtomicInteger chunks = new AtomicInteger();

		@EventListener
		void started(TableSnapshotStartedEvent event) {
			this.started.add(event.getTable());
		}

		@EventListener
		void chunk(TableSnapshotEvent event) {
			this.chunks.incrementAndGet();
			if (event.size() < 1000) {
				event.getRows()
					.forEach((row) -> this.rows.add(event.getTable() + ":" + row.get(0)
							+ (row.contains("k2") ? "/" + row.get("k2") : "")));
			}
		}

		@EventListener
		void completed(TableSnapshotCompletedEvent event) {
			this.completed.put(event.getTable(), event.getRows());
		}

	}

}
