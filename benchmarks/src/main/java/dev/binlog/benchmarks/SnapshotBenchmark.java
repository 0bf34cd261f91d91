package dev.binlog.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.binlog.spring.TableSnapshotCompletedEvent;
import dev.binlog.spring.TableSnapshotEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedMariaDb;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * Snapshot mode: a {@code --snapshot-rows} (1,000,000) row order table is read by a plain JDBC streaming
 * {@code SELECT * ... ORDER BY id} (the ceiling) and by a table snapshot of the starter, in the same run, while a
 * light write load ({@code --snapshot-tps} transactions per second, 50) updates rows of the same table and inserts
 * ticks whose commit-to-listener delay is the stream's lag during the snapshot. Then the same snapshot in a child
 * JVM with {@code -Xmx256m}, reporting its heap peak.
 */
final class SnapshotBenchmark {

	private static final String TABLE = "snap_orders";

	private static final String TICKS = "snap_ticks";

	private static final String RESULT = "SNAPSHOT-RESULT ";

	private SnapshotBenchmark() {
	}

	static String run(EmbeddedMariaDb db, Workload workload, Options options) throws Exception {
		long rows = options.number("snapshot-rows", 1_000_000);
		long chunk = options.number("snapshot-chunk-size", 0);
		workload.createOrderTable(TABLE);
		db.execute("DROP TABLE IF EXISTS " + Workload.SCHEMA + "." + TICKS, "CREATE TABLE " + Workload.SCHEMA + "."
				+ TICKS + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, written_ms BIGINT NOT NULL)");
		long load = System.nanoTime();
		for (long from = 1; from <= rows; from += 100_000) {
			db.execute(Workload.insertOrders(TABLE, from, Math.min(rows, from + 99_999)));
		}
		BenchmarkRunner.log("snapshot: loaded " + rows + " rows in " + BenchmarkRunner.millis(load) + " ms");
		StringBuilder report = new StringBuilder("## Snapshot (snapshot mode)\n\n");
		report.append("bench.").append(TABLE).append(": ").append(String.format("%,d", rows))
			.append(" orders (the order columns of the full mode). After one unmeasured warm-up round of both ")
			.append("readers, each read the whole table in the same run; the snapshot with ")
			.append("binlog.snapshot.chunk-size=")
			.append((chunk > 0) ? chunk : "default").append(", a light write load of ")
			.append(options.number("snapshot-tps", 50)).append(" transactions/s (an UPDATE of a random order, ")
			.append("an INSERT of a tick) running meanwhile.\n\n");
		report.append("| Reader | rows | seconds | rows/s | of JDBC |\n|---|---:|---:|---:|---:|\n");
		if (options.number("snapshot-warmups", 1) > 0) {
			// one unmeasured round of each reader first: without it the first reader pays for the JIT
			BenchmarkRunner.log("snapshot: warm-up round");
			jdbc(db, rows);
			snapshot(db.host(), db.port(), rows, chunk, 0, options.number("timeout-seconds", 600));
		}
		double before = jdbc(db, rows);
		Measured snapshot = snapshot(db.host(), db.port(), rows, chunk, options.number("snapshot-tps", 50),
				options.number("timeout-seconds", 600));
		// read before and after the snapshot, the faster counting: a warmer JIT or a quieter machine favours JDBC
		double after = jdbc(db, rows);
		double jdbc = Math.max(before, after);
		String jdbcRow = "| plain JDBC streaming SELECT * ORDER BY id, %s the snapshot | %,d | %.1f | %,.0f | %.2f |%n";
		report.append(String.format(jdbcRow, "before", rows, rows / before, before, before / jdbc));
		report.append(String.format(jdbcRow, "after", rows, rows / after, after, after / jdbc));
		report.append(String.format("| starter table snapshot (rows published; rows the stream changed meanwhile are "
				+ "left to the stream) | %,d | %.1f | %,.0f | %.2f |%n", snapshot.rows, snapshot.seconds,
				snapshot.rows / snapshot.seconds, snapshot.rows / snapshot.seconds / jdbc));
		report.append(String.format("%nStream lag during the snapshot (commit of a tick to its listener, %d ticks): "
				+ "median %d ms, p99 %d ms, max %d ms.%n", snapshot.ticks, snapshot.lagP50, snapshot.lagP99,
				snapshot.lagMax));
		if (!options.string("snapshot-heap-run", "true").equals("false")) {
			report.append("\n").append(heapBounded(db, rows, chunk, options)).append("\n");
		}
		return report.toString();
	}

	// the ceiling: one streaming result set, every column read with getObject
	private static double jdbc(EmbeddedMariaDb db, long rows) throws Exception {
		long started = System.nanoTime();
		long read = 0;
		try (Connection connection = DriverManager.getConnection(
				"jdbc:mariadb://" + db.host() + ":" + db.port() + "/" + Workload.SCHEMA, "cdc", "cdc");
				Statement statement = connection.createStatement()) {
			statement.setFetchSize(1024);
			try (ResultSet rs = statement.executeQuery("SELECT * FROM " + TABLE + " ORDER BY id")) {
				int columns = rs.getMetaData().getColumnCount();
				Object sink = null;
				while (rs.next()) {
					for (int i = 1; i <= columns; i++) {
						sink = rs.getObject(i);
					}
					read++;
				}
				if (sink == null && read > 0) {
					throw new IllegalStateException("no values");
				}
			}
		}
		if (read != rows) {
			throw new IllegalStateException("JDBC read " + read + " of " + rows + " rows");
		}
		double perSecond = read / ((System.nanoTime() - started) / 1e9);
		BenchmarkRunner.log(String.format("snapshot: plain JDBC %,.0f rows/s", perSecond));
		return perSecond;
	}

	private static Measured snapshot(String host, int port, long rows, long chunk, long tps, long timeoutSeconds)
			throws Exception {
		SnapshotListener listener = new SnapshotListener();
		Map<String, Object> properties = StarterVariant.baseProperties(new Target(host, port, "cdc", "cdc", "root", "",
				new BinlogMark("", 4, ""), rows, java.time.Duration.ofSeconds(timeoutSeconds)), 4500);
		properties.remove("binlog.start-position");
		if (chunk > 0) {
			properties.put("binlog.snapshot.chunk-size", chunk);
		}
		AtomicBoolean writing = new AtomicBoolean(true);
		Thread writer = new Thread(() -> write(host, port, rows, tps, writing), "snapshot-bench-writer");
		try (ConfigurableApplicationContext context = StarterVariant.start(BenchApplication.class, properties,
				listener)) {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			writer.start();
			long started = System.nanoTime();
			container.snapshots().snapshot(Workload.SCHEMA, TABLE, null);
			if (!listener.completed.await(timeoutSeconds, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The snapshot did not complete within " + timeoutSeconds + " s: "
						+ listener.rows.get() + " rows; " + container.getStatus());
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			writing.set(false);
			writer.join();
			long[] lags = listener.lags();
			BenchmarkRunner.log(String.format("snapshot: %,d rows in %.1f s", listener.rows.get(), seconds));
			return new Measured(listener.rows.get(), seconds, lags.length, percentile(lags, 50), percentile(lags, 99),
					(lags.length > 0) ? lags[lags.length - 1] : 0);
		}
		finally {
			writing.set(false);
			writer.join();
		}
	}

	// the light load: an update of a random order and a tick, tps times a second
	private static void write(String host, int port, long rows, long tps, AtomicBoolean writing) {
		try (Connection connection = DriverManager.getConnection(
				"jdbc:mariadb://" + host + ":" + port + "/" + Workload.SCHEMA, "root", "");
				Statement statement = connection.createStatement()) {
			long interval = 1_000_000_000L / Math.max(1, tps);
			long next = System.nanoTime();
			while (writing.get()) {
				statement.execute("UPDATE " + TABLE + " SET total = total + 1 WHERE id = "
						+ ThreadLocalRandom.current().nextLong(1, rows + 1));
				statement.execute("INSERT INTO " + TICKS + " (written_ms) VALUES (" + System.currentTimeMillis() + ")");
				next += interval;
				long wait = next - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("The write load failed", ex);
		}
	}

	private static long percentile(long[] sorted, int percent) {
		return (sorted.length == 0) ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
	}

	private static String heapBounded(EmbeddedMariaDb db, long rows, long chunk, Options options) throws Exception {
		String xmx = options.string("memory-xmx", "256m");
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx" + xmx);
		command.add("-XX:+ExitOnOutOfMemoryError");
		command.addAll(MemoryBenchmark.selfLaunch());
		command.addAll(List.of("--mode=snapshot-child", "--host=" + db.host(), "--port=" + db.port(),
				"--rows=" + rows, "--snapshot-chunk-size=" + chunk, "--snapshot-tps=0",
				"--timeout-seconds=" + options.number("timeout-seconds", 600)));
		BenchmarkRunner.log("snapshot heap-bounded: " + String.join(" ", command));
		Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
		String result = null;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				BenchmarkRunner.out.println("  [child] " + line);
				if (line.startsWith(RESULT)) {
					result = line.substring(RESULT.length());
				}
			}
		}
		child.waitFor(60, TimeUnit.SECONDS);
		int exit = child.exitValue();
		String outcome = (result != null && exit == 0) ? result
				: "FAIL: " + ((exit == 3) ? "OutOfMemoryError (exit 3)" : (result != null) ? result : "exit " + exit);
		return "Heap-bounded: the same snapshot (no write load) in a child JVM with -Xmx" + xmx
				+ " -XX:+ExitOnOutOfMemoryError: " + outcome + ".\n";
	}

	/** The child of the heap-bounded run: one snapshot, one result line. */
	static int child(Options options) {
		try {
			BenchmarkRunner.out.println(BenchmarkRunner.environment());
			Resources resources = new Resources();
			resources.start();
			Measured measured = snapshot(options.required("host"), (int) options.number("port", 3306),
					options.number("rows", 1_000_000), options.number("snapshot-chunk-size", 0), 0,
					options.number("timeout-seconds", 600));
			Resources.Usage usage = resources.stop();
			BenchmarkRunner.out.println(RESULT + String.format("PASS, %,d rows in %.1f s (%,.0f rows/s), "
					+ "heap peak %d MB, GC %d ms (%d collections)", measured.rows, measured.seconds,
					measured.rows / measured.seconds, usage.heapPeakBytes() >> 20, usage.gcMillis(), usage.gcCount()));
			return 0;
		}
		catch (Throwable ex) {
			ex.printStackTrace(BenchmarkRunner.out);
			BenchmarkRunner.out.println(RESULT + "FAIL: " + ex);
			return 1;
		}
	}

	private record Measured(long rows, double seconds, int ticks, long lagP50, long lagP99, long lagMax) {
	}

	/** Counts snapshot rows and measures the ticks' delay. */
	static class SnapshotListener {

		final AtomicLong rows = new AtomicLong();

		final CountDownLatch completed = new CountDownLatch(1);

		private final List<Long> lags = new ArrayList<>();

		@EventListener
		void chunk(TableSnapshotEvent event) {
			this.rows.addAndGet(event.size());
		}

		@EventListener
		void completed(TableSnapshotCompletedEvent event) {
			this.completed.countDown();
		}

		@EventListener
		synchronized void tick(TableWriteEvent event) {
			if (event.getTable().equals(TICKS) && this.completed.getCount() > 0) {
				long now = System.currentTimeMillis();
				event.getRows().forEach((row) -> this.lags.add(now - ((Number) row.get("written_ms")).longValue()));
			}
		}

		synchronized long[] lags() {
			long[] sorted = this.lags.stream().mapToLong(Long::longValue).toArray();
			Arrays.sort(sorted);
			return sorted;
		}

	}

}
