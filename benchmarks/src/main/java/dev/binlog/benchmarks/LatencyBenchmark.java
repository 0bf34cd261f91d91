package dev.binlog.benchmarks;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import dev.binlog.test.EmbeddedMariaDb;
import org.HdrHistogram.Histogram;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Latency mode: a writer thread commits one transaction of {@code --latency-batch} rows (100) every
 * {@code batch / rate} (10 ms for 10,000 rows/s) into {@code bench.orders_live}, on a fixed schedule, for a warm-up
 * and then {@code --latency-seconds}. The writer notes {@link System#nanoTime()} right after each COMMIT returned;
 * the listener notes it when the transaction's rows arrive (each row carries its transaction number in column
 * {@code txn}). Binlog header timestamps are not used: MariaDB writes them in whole seconds.
 */
final class LatencyBenchmark {

	static final String TABLE = "orders_live";

	private LatencyBenchmark() {
	}

	static String run(EmbeddedMariaDb db, Workload workload, Options options) throws Exception {
		long rate = options.number("latency-rate", 10_000);
		int batch = (int) options.number("latency-batch", 100);
		long seconds = options.number("latency-seconds", 20);
		long warmupSeconds = options.number("latency-warmup-seconds", 5);
		// --latency-variants= (empty) leaves only the read-your-writes part
		List<String> variants = options.list("latency-variants", "starter,raw")
			.stream()
			.filter((name) -> !name.isBlank())
			.toList();
		long intervalNanos = 1_000_000_000L * batch / rate;
		int warmupTransactions = (int) (warmupSeconds * 1_000_000_000L / intervalNanos);
		int transactions = warmupTransactions + (int) (seconds * 1_000_000_000L / intervalNanos);
		StringBuilder report = new StringBuilder("## Latency (latency mode)\n\n");
		report.append(String.format("Load: one INSERT of %d rows per transaction every %.1f ms (%,d rows/s) into "
				+ "bench.%s, %d s of warm-up, then %d s (%d transactions) measured. Latency = when the listener saw "
				+ "the transaction's last (first) row minus when the writer's COMMIT returned, both System.nanoTime() "
				+ "in the same JVM. A negative difference (the listener saw the rows before the writer's COMMIT "
				+ "returned) counts as 0 and is listed.%n%n", batch, intervalNanos / 1e6, rate, TABLE, warmupSeconds,
				seconds, transactions - warmupTransactions));
		report.append("| Listener | achieved rows/s | late ticks | last row p50 ms | p90 | p99 | p99.9 | max "
				+ "| first row p50 ms | p99 | negative | COMMIT p50 ms | COMMIT p99 | heap peak MB | GC ms (count) |\n");
		report.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		long serverId = 3000;
		for (String variant : variants) {
			report.append(measure(variant, db, workload, batch, intervalNanos, warmupTransactions, transactions,
					serverId++));
		}
		if (options.number("await-samples", 2_000) > 0) {
			report.append(AwaitBenchmark.run(db, workload, options));
		}
		return report.toString();
	}

	private static String measure(String variant, EmbeddedMariaDb db, Workload workload, int batch,
			long intervalNanos, int warmupTransactions, int transactions, long serverId) throws Exception {
		workload.createLatencyTable(TABLE);
		BinlogMark start = workload.mark();
		LatencyRecorder recorder = new LatencyRecorder(transactions, batch);
		Target target = new Target(db.host(), db.port(), "cdc", "cdc", db.username(), db.password(), start,
				(long) transactions * batch, java.time.Duration.ofSeconds(60));
		VisibilityListener.Visibility visibility = new VisibilityListener.Visibility(db.jdbcUrl(Workload.SCHEMA),
				db.username(), db.password());
		AutoCloseable listener = switch (variant) {
			case "starter" -> starter(target, serverId, LatencyListener.class, recorder);
			case "starter-visibility" -> starter(target, serverId, VisibilityListener.class, recorder, visibility);
			case "raw" -> raw(target, serverId, recorder);
			default -> throw new IllegalArgumentException(
					"Unknown latency variant " + variant + " (starter, raw, starter-visibility)");
		};
		BenchmarkRunner.log("latency " + variant + ": " + transactions + " transactions of " + batch + " rows every "
				+ intervalNanos / 1_000 + " us ...");
		Resources resources = new Resources();
		Histogram commitTimes = new Histogram(60_000_000L, 3);
		long late = 0;
		long measuredStart = 0;
		long measuredEnd;
		try (listener; Connection connection = db.connect(); Statement statement = connection.createStatement()) {
			long next = System.nanoTime();
			for (int txn = 0; txn < transactions; txn++) {
				long now = System.nanoTime();
				while (now < next) {
					LockSupport.parkNanos(next - now);
					now = System.nanoTime();
				}
				if (txn == warmupTransactions) {
					resources.start(false);
					measuredStart = now;
				}
				if (now - next > intervalNanos && txn >= warmupTransactions) {
					late++;
				}
				long from = (long) txn * batch + 1;
				long before = System.nanoTime();
				statement.executeUpdate(Workload.insertLatencyRows(TABLE, from, from + batch - 1, txn));
				long committed = System.nanoTime();
				recorder.committed(txn, committed);
				if (txn >= warmupTransactions) {
					commitTimes.recordValue((committed - before) / 1_000);
				}
				next += intervalNanos;
			}
			measuredEnd = System.nanoTime();
			if (!recorder.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("latency " + variant + ": " + recorder.missing()
						+ " transactions did not arrive completely within 60 s");
			}
		}
		Resources.Usage usage = resources.stop();
		Histogram last = new Histogram(60_000_000L, 3);
		Histogram first = new Histogram(60_000_000L, 3);
		long negative = 0;
		for (int txn = warmupTransactions; txn < transactions; txn++) {
			long lastLatency = recorder.lastSeenNanos(txn) - recorder.commitNanos(txn);
			long firstLatency = recorder.firstSeenNanos(txn) - recorder.commitNanos(txn);
			if (lastLatency < 0) {
				negative++;
			}
			last.recordValue(Math.max(0, lastLatency) / 1_000);
			first.recordValue(Math.max(0, firstLatency) / 1_000);
		}
		int measured = transactions - warmupTransactions;
		String visible = "";
		VisibilityListener checker = visibility.listener;
		if (checker != null) {
			visible = String.format(" (visibility check: for %d of %d transactions a reader saw fewer than %d rows when "
					+ "the listener got its TransactionCommitEvent)", checker.notVisible(), checker.checked(), batch);
			checker.close();
		}
		double achieved = (double) measured * batch * 1e9 / (measuredEnd - measuredStart);
		String row = String.format(
				"| %s | %,.0f | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d of %d | %.2f | %.2f | %,d | %d (%d) |%n",
				switch (variant) {
					case "raw" -> "(1) raw BinaryLogClient";
					case "starter" -> "(2) starter, @EventListener of TableChangeEvent";
					default -> "(2) starter, listener that queries the table per transaction" + visible;
				},
				achieved, late, ms(last.getValueAtPercentile(50)), ms(last.getValueAtPercentile(90)),
				ms(last.getValueAtPercentile(99)), ms(last.getValueAtPercentile(99.9)), ms(last.getMaxValue()),
				ms(first.getValueAtPercentile(50)), ms(first.getValueAtPercentile(99)), negative, measured,
				ms(commitTimes.getValueAtPercentile(50)), ms(commitTimes.getValueAtPercentile(99)),
				usage.heapPeakBytes() >> 20, usage.gcMillis(), usage.gcCount());
		BenchmarkRunner.log("latency " + variant + ": " + row.trim());
		return row;
	}

	private static double ms(long micros) {
		return micros / 1000.0;
	}

	private static AutoCloseable starter(Target target, long serverId, Class<?> listener, Object... beans) {
		Map<String, Object> properties = StarterVariant.baseProperties(target, serverId);
		ConfigurableApplicationContext context = StarterVariant.start(listener, properties, beans);
		return context::close;
	}

	private static AutoCloseable raw(Target target, long serverId, LatencyRecorder recorder) throws Exception {
		BinaryLogClient client = new BinaryLogClient(target.host(), target.port(), target.username(),
				target.password());
		client.setServerId(serverId);
		client.setBinlogFilename(target.start().file());
		client.setBinlogPosition(target.start().position());
		client.setKeepAlive(false);
		client.registerEventListener((event) -> {
			if (event.getData() instanceof WriteRowsEventData write && !write.getRows().isEmpty()) {
				List<Serializable[]> rows = write.getRows();
				Serializable[] firstRow = rows.get(0);
				// txn is the ninth column of orders_live
				recorder.seen((Integer) firstRow[8], rows.size());
			}
		});
		client.connect(10_000);
		return client::disconnect;
	}

}
