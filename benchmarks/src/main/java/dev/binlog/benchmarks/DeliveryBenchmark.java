package dev.binlog.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.binlog.spring.container.BinlogDelivery;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Delivery mode: at-least-once against transactional delivery with a listener that does one JDBC {@code UPDATE} per
 * row change ({@link CounterListener}) into the application's database ({@code benchapp}, same server). Two
 * segments of the binlog, each its own table of orders inserted and then updated in small transactions: the main
 * one ({@code --rows} changes) is read by both modes, interleaved over {@code --delivery-runs} rounds; the second
 * ({@code --bounds-rows} changes) once per grouping bound ({@code --group-bounds}). A run ends when the container's
 * committed position includes the segment's last transaction (for transactional delivery: committed with the
 * position); then the counters are compared with the source table.
 */
final class DeliveryBenchmark {

	private static final String MAIN_TABLE = "delivery_main";

	private static final String BOUNDS_TABLE = "delivery_bounds";

	private DeliveryBenchmark() {
	}

	static String run(EmbeddedMariaDb db, Options options) throws Exception {
		long rows = options.number("rows", 1_000_000);
		long boundsRows = options.number("bounds-rows", 200_000);
		int batch = (int) options.number("delivery-batch", 10);
		int runs = (int) options.number("delivery-runs", 1);
		Duration timeout = options.seconds("timeout-seconds", 600);
		List<String> bounds = options.list("group-bounds", "1/200ms,100/200ms,1000/200ms,10000/200ms,"
				+ "100000/10ms,100000/1s");
		Segment main = Segment.load(db, MAIN_TABLE, rows, batch);
		Segment boundsSegment = (boundsRows > 0 && !bounds.isEmpty()) ? Segment.load(db, BOUNDS_TABLE, boundsRows, batch)
				: null;
		long serverId = 5000;
		StringBuilder report = new StringBuilder("## Exactly-once delivery (delivery mode)\n\n");
		report.append(String.format("Listener: one JDBC UPDATE per row change (`UPDATE benchapp.counters SET n = n + 1 "
				+ "WHERE k = ?`, k = id MOD %,d, through the application's JdbcTemplate and Hikari DataSource to "
				+ "benchapp on the same MariaDB); JDBC position store in benchapp in both modes. At least once: each "
				+ "UPDATE auto-commits, the position is saved every second. Transactional: the UPDATEs of a group "
				+ "of binlog transactions and the position write commit together. A run ends when the container's "
				+ "committed position includes the segment's last transaction (`BinlogDelivery.awaitTransaction`). "
				+ "'DB transactions' = transactions the server committed during the run (its GTID sequence), "
				+ "nearly all of them the listener's and the position's. CPU ns/row: the binlog thread, which also "
				+ "runs the listener.%n%n", CounterListener.KEYS));
		report.append(main.describe()).append("\n\n");
		Map<String, List<DeliveryRun>> results = new LinkedHashMap<>();
		List<Setup> variants = List.of(Setup.atLeastOnce(), Setup.transactional("defaults", Map.of()));
		for (int round = 1; round <= runs; round++) {
			for (Setup variant : variants) {
				DeliveryRun result = measure(db, main, variant, serverId++, timeout);
				results.computeIfAbsent(variant.name(), (name) -> new ArrayList<>()).add(result);
				BenchmarkRunner.log("delivery round " + round + "  " + result.line());
			}
		}
		DeliveryRun atLeastOnce = median(results.get(variants.get(0).name()));
		report.append(table(results.values().stream().map(DeliveryBenchmark::median).toList(), atLeastOnce));
		DeliveryRun transactional = median(results.get(variants.get(1).name()));
		report.append(String.format("%nRatio transactional / at least once: **%.2f** (rows/s of the median runs; "
				+ "target at least 0.5). All runs, rows/s: ", transactional.rowsPerSecond() / atLeastOnce.rowsPerSecond()));
		results.forEach((name, list) -> report.append(name)
			.append(" ")
			.append(list.stream().map((r) -> String.format("%,.0f (other processes %.2f cores)", r.rowsPerSecond(),
					r.usage().otherCores())).toList())
			.append("; "));
		report.append("\n");
		if (boundsSegment != null) {
			report.append("\n### Grouping bounds\n\n").append(boundsSegment.describe()).append(" One run each, in this "
					+ "order.\n\n");
			List<DeliveryRun> boundRuns = new ArrayList<>();
			DeliveryRun reference = measure(db, boundsSegment, Setup.atLeastOnce(), serverId++, timeout);
			BenchmarkRunner.log("bounds  " + reference.line());
			boundRuns.add(reference);
			for (String bound : bounds) {
				DeliveryRun result = measure(db, boundsSegment, Setup.bound(bound), serverId++, timeout);
				BenchmarkRunner.log("bounds  " + result.line());
				boundRuns.add(result);
			}
			report.append(table(boundRuns, reference));
		}
		return report.toString();
	}

	private static DeliveryRun median(List<DeliveryRun> runs) {
		List<DeliveryRun> sorted = new ArrayList<>(runs);
		sorted.sort(Comparator.comparingDouble(DeliveryRun::rowsPerSecond));
		return sorted.get((sorted.size() - 1) / 2);
	}

	private static String table(List<DeliveryRun> runs, DeliveryRun reference) {
		StringBuilder table = new StringBuilder("| Delivery | rows/s | ratio to at least once | DB transactions "
				+ "| rows per DB transaction | CPU ns/row | binlog thread busy | other processes (cores) "
				+ "| counters check |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
		for (DeliveryRun run : runs) {
			table.append(String.format("| %s | %,.0f | %.2f | %,d | %,.1f | %,.0f | %.2f | %.2f | %s |%n",
					run.variant().description(), run.rowsPerSecond(), run.rowsPerSecond() / reference.rowsPerSecond(),
					run.databaseTransactions(), (double) run.changes() / Math.max(1, run.databaseTransactions()),
					run.cpuNanosPerRow(), run.threadBusy(), run.usage().otherCores(), run.check()));
		}
		return table.toString();
	}

	private static DeliveryRun measure(EmbeddedMariaDb db, Segment segment, Setup variant, long serverId,
			Duration timeout) throws Exception {
		try (Connection connection = db.connect()) {
			CounterListener.reset(connection);
		}
		Target target = new Target(db.host(), db.port(), "cdc", "cdc", db.username(), db.password(), segment.start(),
				segment.changes(), timeout);
		Map<String, Object> properties = StarterVariant.baseProperties(target, serverId);
		properties.put("spring.datasource.url", target.jdbcUrl(CounterListener.APP_SCHEMA));
		properties.put("binlog.include", Workload.SCHEMA + "\\." + segment.table());
		properties.put("binlog.position.store", "jdbc");
		properties.put("binlog.position.initialize-schema", "always");
		properties.put("binlog.auto-startup", "false");
		properties.putAll(variant.properties());
		Probe probe = new Probe(segment.changes());
		try (ConfigurableApplicationContext context = StarterVariant.start(CounterListener.class, properties, probe,
				new CounterListener.Source(segment.table()))) {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			Resources resources = new Resources();
			resources.start();
			long committedBefore = gtidSequence(db);
			long start = System.nanoTime();
			container.start();
			long deadline = start + timeout.toNanos();
			while (!BinlogDelivery.awaitTransaction(container, segment.end().gtid(), Duration.ofMillis(200))) {
				if (container.getStatus().state() == ContainerState.FAILED) {
					throw new IllegalStateException(variant.name() + ": the container failed after " + probe.count()
							+ " rows: " + container.getStatus().lastError());
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(variant.name() + ": only " + probe.count() + " of "
							+ segment.changes() + " rows within " + timeout + "; " + container.getStatus());
				}
			}
			long nanos = System.nanoTime() - start;
			Resources.Usage usage = resources.stop();
			long committed = gtidSequence(db) - committedBefore;
			context.close();
			CounterListener.Check check;
			try (Connection connection = db.connect()) {
				check = CounterListener.check(connection, segment.table(), 2);
			}
			return new DeliveryRun(variant, segment.changes(), nanos, committed, probe.cpuNanos(),
					probe.lastNanos() - probe.firstNanos(), usage, check);
		}
	}

	/** The sequence number of the server's last transaction (domain 0, the only one here). */
	private static long gtidSequence(EmbeddedMariaDb db) throws SQLException {
		try (Connection connection = db.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT @@gtid_binlog_pos")) {
			rs.next();
			String gtid = rs.getString(1);
			return Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1));
		}
	}

	/**
	 * One delivery set-up.
	 *
	 * @param name short name
	 * @param description as the report shows it
	 * @param properties the starter properties
	 */
	record Setup(String name, String description, Map<String, Object> properties) {

		static Setup atLeastOnce() {
			return new Setup("at-least-once", "at least once (auto-commit per UPDATE)",
					Map.of("binlog.delivery.mode", "at-least-once"));
		}

		static Setup transactional(String label, Map<String, Object> group) {
			Map<String, Object> properties = new LinkedHashMap<>(group);
			properties.put("binlog.delivery.mode", "transactional");
			return new Setup("transactional-" + label, "transactional, " + label, properties);
		}

		/** {@code 1000/200ms}: max-rows and max-duration. */
		static Setup bound(String bound) {
			String[] parts = bound.split("/");
			Map<String, Object> group = new LinkedHashMap<>();
			group.put("binlog.delivery.group.max-rows", String.valueOf(Options.parseCount(parts[0])));
			if (parts.length > 1) {
				group.put("binlog.delivery.group.max-duration", parts[1]);
			}
			return transactional("max-rows " + parts[0] + ((parts.length > 1) ? ", max-duration " + parts[1] : ""),
					group);
		}

	}

	/**
	 * One stretch of the binlog: {@code changes / 2} orders inserted into a table of their own, then each updated,
	 * in transactions of {@code batch} rows.
	 *
	 * @param table the table in {@code bench}
	 * @param changes the row changes
	 * @param batch rows per transaction
	 * @param start where the stretch begins
	 * @param end where it ends, with the GTID of its last transaction
	 * @param loadMillis how long loading took
	 */
	record Segment(String table, long changes, int batch, BinlogMark start, BinlogMark end, long[] loadMillis) {

		static Segment load(EmbeddedMariaDb db, String table, long changes, int batch) throws SQLException {
			Workload workload = new Workload(db);
			workload.createOrderTable(table);
			long orders = changes / 2;
			BinlogMark start = workload.mark();
			BenchmarkRunner.log("delivery: loading " + orders + " orders into bench." + table + " and updating each, "
					+ "in transactions of " + batch + " rows ...");
			long[] millis = workload.loadAndUpdate(table, orders, batch);
			BinlogMark end = workload.mark();
			Segment segment = new Segment(table, 2 * orders, batch, start, end, millis);
			BenchmarkRunner.log(segment.describe());
			return segment;
		}

		String describe() {
			return String.format("Source: %,d inserts (%,d ms) and %,d updates (%,d ms) of bench.%s in transactions "
					+ "of %d rows, %,d row changes in %,d binlog transactions, binlog %s to %s.", this.changes / 2,
					this.loadMillis[0], this.changes / 2, this.loadMillis[1], this.table, this.batch, this.changes,
					(this.changes + this.batch - 1) / this.batch, this.start, this.end);
		}

	}

	/**
	 * The figures of one run.
	 *
	 * @param variant the set-up
	 * @param changes the row changes delivered
	 * @param nanos from the container's start until its committed position included the last transaction
	 * @param databaseTransactions transactions the server committed meanwhile
	 * @param cpuNanos CPU time of the binlog thread from the first row to the last
	 * @param streamNanos wall time of the same span
	 * @param usage GC and other processes
	 * @param check the counters compared with the source
	 */
	record DeliveryRun(Setup variant, long changes, long nanos, long databaseTransactions, long cpuNanos,
			long streamNanos, Resources.Usage usage, CounterListener.Check check) {

		double rowsPerSecond() {
			return this.changes * 1e9 / this.nanos;
		}

		double cpuNanosPerRow() {
			return (double) this.cpuNanos / this.changes;
		}

		double threadBusy() {
			return (this.streamNanos > 0) ? (double) this.cpuNanos / this.streamNanos : 0;
		}

		String line() {
			return String.format("%-50s %,10d rows in %,7d ms = %,8.0f rows/s, %,d DB transactions, %,.0f CPU ns/row, "
					+ "busy %.2f, other processes %.2f cores; %s", this.variant.description(), this.changes,
					this.nanos / 1_000_000, rowsPerSecond(), this.databaseTransactions, cpuNanosPerRow(), threadBusy(),
					this.usage.otherCores(), this.check);
		}

	}

}
