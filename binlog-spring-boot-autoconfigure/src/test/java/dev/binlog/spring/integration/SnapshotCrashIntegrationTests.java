package dev.binlog.spring.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static dev.binlog.spring.integration.TestTimeouts.CHILD_JVM_TIMEOUT;
import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the application in the middle of a table snapshot while a workload inserts, updates (keys
 * included) and deletes rows of the same table: the restart continues the snapshot from the last completed chunk,
 * and the copy built from everything delivered equals the source.
 */
class SnapshotCrashIntegrationTests {

	// -Dsnapshot.crash.rows=1000000 for the full size (a few minutes); 30,000 keeps the suite lean
	private static final int ROWS = Integer.getInteger("snapshot.crash.rows", 30_000);

	private static final int CHUNK = 500;

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	// kept when the test fails: the child applications' logs are in it
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void killMidSnapshotUnderAWorkloadContinuesFromTheLastChunkAndTheCopyEqualsTheSource() throws Exception {
		String schema = TestServers.uniqueSchema("snapcrash");
		this.server.execute("CREATE DATABASE " + schema, "USE " + schema,
				"CREATE TABLE " + schema + ".items (id INT PRIMARY KEY, v VARCHAR(40), n BIGINT)",
				"INSERT INTO " + schema + ".items SELECT seq, CONCAT('v', seq), seq FROM seq_1_to_" + ROWS,
				"CREATE TABLE " + schema + ".marker (id INT PRIMARY KEY, v VARCHAR(40), n BIGINT)");
		Path output = this.directory.resolve("delivered.txt");
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger changes = new AtomicInteger();
		Thread workload = new Thread(() -> work(schema + ".items", running, changes), "workload");

		long began = System.nanoTime();
		Process first = start(schema, output, "first", "--crash.hang-after-snapshot-rows=" + (ROWS / 3));
		workload.start();
		try {
			awaitLine(output, "hanging", this.directory.resolve("first.log"));
			first.destroyForcibly().waitFor();
			System.out.println("killed after " + (System.nanoTime() - began) / 1_000_000 + " ms");
			List<String> beforeKill = Files.readAllLines(output);
			assertThat(beforeKill).noneMatch((line) -> line.startsWith("completed"));
			String progress = TestServers.queryForString(this.server,
					"SELECT snapshot_progress FROM " + schema + ".binlog_position WHERE name = 'default'");
			assertThat(progress).as("progress saved with the position").contains("items");

			Process second = start(schema, output, "second");
			try {
				await().atMost(CHILD_JVM_TIMEOUT).until(() -> Files.readAllLines(output).contains("completed items"));
				System.out.println("completed after " + (System.nanoTime() - began) / 1_000_000 + " ms");
				running.set(false);
				workload.join();
				// a last transaction after the workload: once it is delivered, everything before it is
				this.server.execute("INSERT INTO " + schema + ".marker VALUES (1, 'end', 0)");
				await().atMost(TIMEOUT).until(() -> Files.readAllLines(output).contains("write marker 1 end 0"));
			}
			finally {
				second.destroy();
				second.waitFor();
			}
			List<String> all = Files.readAllLines(output);
			Set<String> firstRun = snapshotIds(beforeKill);
			Set<String> secondRun = snapshotIds(all.subList(beforeKill.size(), all.size()));
			long readTwice = firstRun.stream().filter(secondRun::contains).count();
			System.out.println("Snapshot kill -9: " + changes.get() + " concurrent changes, " + firstRun.size()
					+ " snapshot rows before the kill, " + secondRun.size() + " after, " + readTwice
					+ " rows read twice (chunks of " + CHUNK + ")");
			for (String log : List.of("first.log", "second.log")) {
				Files.readAllLines(this.directory.resolve(log))
					.stream()
					.filter((line) -> line.contains("Snapshot of") || line.contains("Continuing"))
					.forEach((line) -> System.out.println(log + ": " + line));
			}
			assertThat(changes.get()).as("changes made during the snapshot").isPositive();
			assertThat(readTwice).isLessThanOrEqualTo(CHUNK);
			assertThat(replica(all)).isEqualTo(source(schema));
		}
		finally {
			running.set(false);
			if (workload.isAlive()) {
				workload.join();
			}
		}
	}

	// at most about 400 changes a second, so that the two CPUs of a CI machine also start the child JVMs
	private void work(String table, AtomicBoolean running, AtomicInteger changes) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long next = System.nanoTime();
		while (running.get()) {
			next += 2_500_000;
			LockSupport.parkNanos(next - System.nanoTime());
			int id = random.nextInt(1, ROWS * 2);
			switch (random.nextInt(4)) {
				case 0 -> this.server.execute("INSERT IGNORE INTO " + table + " VALUES (" + (ROWS + id) + ", 'new', "
						+ id + ")");
				case 1 -> this.server.execute("UPDATE " + table + " SET v = 'upd', n = n + 1 WHERE id = " + id);
				// a key change: the row leaves its place in the key order, maybe ahead of the chunks
				case 2 -> this.server.execute("UPDATE IGNORE " + table + " SET id = " + (ROWS * 3 + id) + " WHERE id = "
						+ id);
				default -> this.server.execute("DELETE FROM " + table + " WHERE id = " + id);
			}
			changes.incrementAndGet();
		}
	}

	private static Set<String> snapshotIds(List<String> lines) {
		Set<String> ids = new HashSet<>();
		for (String line : lines) {
			if (line.startsWith("snapshot items ")) {
				ids.add(line.split(" ")[2]);
			}
		}
		return ids;
	}

	// the copy a listener builds by applying every delivered change in order, by primary key
	private static Map<String, String> replica(List<String> lines) {
		Map<String, String> rows = new HashMap<>();
		for (String line : lines) {
			String[] fields = line.split(" ");
			if (fields.length < 3 || !fields[1].equals("items")) {
				continue;
			}
			switch (fields[0]) {
				case "snapshot", "write" -> rows.put(fields[2], fields[3] + " " + fields[4]);
				case "update" -> {
					rows.remove(fields[2]);
					rows.put(fields[3], fields[4] + " " + fields[5]);
				}
				case "delete" -> rows.remove(fields[2]);
				default -> throw new IllegalStateException(line);
			}
		}
		return rows;
	}

	private Map<String, String> source(String schema) throws Exception {
		Map<String, String> rows = new HashMap<>();
		try (var connection = this.server.connect(); var statement = connection.createStatement();
				var rs = statement.executeQuery("SELECT id, v, n FROM " + schema + ".items")) {
			while (rs.next()) {
				rows.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
			}
		}
		return rows;
	}

	private Process start(String schema, Path output, String name, String... extraArguments) throws IOException {
		List<String> command = ChildJvm.command(SnapshotCrashApp.class, this.server, schema);
		command.addAll(List.of("--crash.output=" + output, "--binlog.server-id=4343",
				"--binlog.include=" + schema + "\\..*", "--binlog.position.flush-interval=200ms",
				"--binlog.position.initialize-schema=always", "--binlog.snapshot.mode=initial",
				"--binlog.snapshot.chunk-size=" + CHUNK));
		command.addAll(List.of(extraArguments));
		return ChildJvm.start(command, this.directory.resolve(name + ".log"));
	}

	private static void awaitLine(Path output, String line, Path log) throws IOException {
		ChildJvm.awaitLine(output, line, log, CHILD_JVM_TIMEOUT);
	}

}
