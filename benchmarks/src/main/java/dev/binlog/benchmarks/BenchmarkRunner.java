package dev.binlog.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.binlog.test.EmbeddedMariaDb;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Runs the benchmarks. Modes ({@code --mode=}):
 * <ul>
 * <li>{@code full} (default): loads {@code --rows} orders, updates them all, then reads the 2 x rows changes with
 * every variant ({@code --variants}), a warm-up run and then {@code --runs} measured rounds;</li>
 * <li>{@code latency}: a steady write load while the starter listens, commit-to-listener latency;</li>
 * <li>{@code memory}: one transaction of {@code --memory-rows} rows through the starter in a child JVM with
 * {@code -Xmx256m};</li>
 * <li>{@code delivery}: at-least-once against transactional delivery with a listener writing one row per change,
 * and the effect of the grouping bounds;</li>
 * <li>{@code snapshot}: a table snapshot of {@code --snapshot-rows} rows against a plain JDBC read of the same
 * table, the stream's lag meanwhile, and the snapshot in a child JVM with {@code -Xmx256m};</li>
 * <li>{@code all}: the first three above;</li>
 * <li>{@code jfr-summary}: the hot methods and allocation sites of a JFR recording ({@code --file=});</li>
 * <li>{@code memory-child}, {@code snapshot-child}: used by {@code memory} and {@code snapshot}.</li>
 * </ul>
 * See benchmarks/README.md.
 */
public final class BenchmarkRunner {

	static final PrintStream out = System.out;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

	private BenchmarkRunner() {
	}

	public static void main(String[] args) throws Exception {
		Locale.setDefault(Locale.ROOT);
		Options options = Options.parse(args);
		String mode = options.string("mode", "full");
		switch (mode) {
			case "jfr-summary" -> {
				JfrSummary.main(options);
				return;
			}
			case "memory-child" -> {
				System.exit(MemoryBenchmark.child(options));
				return;
			}
			case "snapshot-child" -> {
				System.exit(SnapshotBenchmark.child(options));
				return;
			}
			default -> {
			}
		}
		List<String> modes = mode.equals("all") ? List.of("full", "latency", "memory") : List.of(mode.split(","));
		StringBuilder report = new StringBuilder();
		report.append("# binlog-spring-boot benchmarks, ").append(LocalDateTime.now().withNano(0)).append("\n\n");
		report.append(environment()).append("\n");
		try (EmbeddedMariaDb db = startServer(options)) {
			Workload workload = new Workload(db);
			workload.createSchema();
			db.createUser("cdc", "cdc", "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");
			report.append("Server: MariaDB ").append(workload.serverVersion()).append("\n\n");
			out.println(report);
			for (String each : modes) {
				String section = switch (each) {
					case "full" -> full(db, workload, options);
					case "latency" -> LatencyBenchmark.run(db, workload, options);
					case "memory" -> MemoryBenchmark.run(db, workload, options);
					case "delivery" -> DeliveryBenchmark.run(db, options);
					case "snapshot" -> SnapshotBenchmark.run(db, workload, options);
					default -> throw new IllegalArgumentException("Unknown --mode " + each
							+ " (full, latency, memory, delivery, snapshot, all, jfr-summary)");
				};
				report.append(section).append("\n");
				out.println();
				out.println(section);
			}
		}
		String file = options.string("out", "");
		if (!file.isEmpty()) {
			Files.writeString(Path.of(file), report, StandardCharsets.UTF_8);
			out.println("Report written to " + Path.of(file).toAbsolutePath());
		}
	}

	static EmbeddedMariaDb startServer(Options options) {
		long started = System.nanoTime();
		EmbeddedMariaDb.Builder builder = EmbeddedMariaDb.builder()
			.rowMetadata(EmbeddedMariaDb.RowMetadata.FULL)
			// the 32M of the test servers would make the update pass disk-bound
			.serverArgument("--innodb-buffer-pool-size=" + options.string("buffer-pool", "1G"))
			.serverArgument("--innodb-log-file-size=256M")
			.serverArgument("--max-binlog-size=1G");
		if (options.flag("durable")) {
			// a production server's settings: every commit waits for the redo log and the binlog on disk, which
			// is what grouping the listeners' writes saves (the test servers skip both fsyncs)
			builder.serverArgument("--innodb-flush-log-at-trx-commit=1").serverArgument("--sync-binlog=1");
		}
		EmbeddedMariaDb db = builder.start();
		log("MariaDB started on port " + db.port() + " in " + millis(started) + " ms");
		return db;
	}

	static String environment() {
		Runtime runtime = Runtime.getRuntime();
		return "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
				+ runtime.availableProcessors() + " processors, max heap " + (runtime.maxMemory() >> 20) + " MB, "
				+ ManagementFactory.getGarbageCollectorMXBeans().stream().map((gc) -> gc.getName()).toList()
				+ ", JVM options " + ManagementFactory.getRuntimeMXBean().getInputArguments() + "\n";
	}

	// --- full mode

	static List<Variant> variants(EmbeddedMariaDb db) {
		List<Variant> variants = new ArrayList<>();
		variants.add(new RawClientVariant());
		variants.add(new StarterVariant("starter", "(2) starter, one @EventListener of TableChangeEvent, memory store",
				Listeners.TableEvents.class, Map.of()));
		variants.add(new StarterVariant("typed",
				"(2t) as (2) with one @BinlogListener of EntityChangeEvent<Order> (Spring Data JDBC entity, getEntity() of each change)",
				EntityListeners.class, Map.of()));
		variants.add(new StarterVariant("row-events",
				"(3a) starter, binlog.row-events=true, one @EventListener of RowChangeEvent", Listeners.RowEvents.class,
				Map.of("binlog.row-events", "true")));
		variants.add(new StarterVariant("table-listeners-100",
				"(3b) starter, 100 @BinlogListener(schema=bench, table=t1..t99 and orders) of TableChangeEvent",
				HundredTableListeners.class, Map.of()));
		variants.add(new StarterVariant("row-listeners-100",
				"(3c) starter, binlog.row-events=true, 100 @BinlogListener(schema=bench, table=t1..t99 and orders) of "
						+ "RowChangeEvent",
				HundredRowListeners.class, Map.of("binlog.row-events", "true")));
		variants.add(new StarterVariant("jdbc-store",
				"(4) as (2) with binlog.position.store=jdbc (bench.binlog_position, default save-interval 1s)",
				Listeners.TableEvents.class,
				Map.of("binlog.position.store", "jdbc", "binlog.position.initialize-schema", "always"),
				// a saved position wins over binlog.start-position: every run starts without one
				(target) -> db.execute("DROP TABLE IF EXISTS " + Workload.SCHEMA + ".binlog_position")));
		variants.add(new StarterVariant("election",
				"(5) as (4) with binlog.cluster.enabled=true: one instance, JDBC lock registry in bench (INT_LOCK)",
				Listeners.TableEvents.class,
				Map.of("binlog.position.store", "jdbc", "binlog.position.initialize-schema", "always",
						"binlog.cluster.enabled", "true", "binlog.cluster.jdbc.initialize-schema", "always"),
				// a lock left by an earlier run would hold the start back for its time to live
				(target) -> db.execute("DROP TABLE IF EXISTS " + Workload.SCHEMA + ".binlog_position",
						"DROP TABLE IF EXISTS " + Workload.SCHEMA + ".INT_LOCK")));
		return variants;
	}

	static String full(EmbeddedMariaDb db, Workload workload, Options options) throws Exception {
		long rows = options.number("rows", 1_000_000);
		int batch = (int) options.number("batch", 1_000);
		int runs = (int) options.number("runs", 3);
		int warmups = (int) options.number("warmups", 1);
		Duration timeout = options.seconds("timeout-seconds", 600);
		List<String> wanted = options.list("variants", "raw,starter,row-events,table-listeners-100,"
				+ "row-listeners-100,jdbc-store");
		List<Variant> variants = new ArrayList<>();
		for (Variant variant : variants(db)) {
			if (wanted.remove(variant.name())) {
				variants.add(variant);
			}
		}
		if (!wanted.isEmpty()) {
			throw new IllegalArgumentException("Unknown variants " + wanted);
		}
		workload.createOrderTable("orders");
		BinlogMark start = workload.mark();
		log("Loading " + rows + " orders in transactions of " + batch + " rows, then updating each ...");
		long[] load = workload.loadAndUpdate("orders", rows, batch);
		BinlogMark end = workload.mark();
		long changes = 2 * rows;
		String setup = "Workload: " + rows + " inserts (" + load[0] + " ms) and " + rows + " updates (" + load[1]
				+ " ms) of bench.orders in transactions of " + batch + " rows; binlog from " + start + " to " + end
				+ ", " + (workload.binlogBytes() >> 20) + " MB of binlog in all";
		log(setup);
		Target target = new Target(db.host(), db.port(), "cdc", "cdc", db.username(), db.password(), start, changes,
				timeout);
		long serverId = 1000;
		Map<String, List<RunResult>> results = new LinkedHashMap<>();
		for (int i = 0; i < warmups; i++) {
			for (Variant variant : variants) {
				RunResult result = variant.run(target, serverId++);
				log("warm-up  " + line(result));
			}
		}
		Recording recording = startRecording(options);
		for (int round = 1; round <= runs; round++) {
			for (Variant variant : variants) {
				RunResult result = variant.run(target, serverId++);
				results.computeIfAbsent(variant.name(), (name) -> new ArrayList<>()).add(result);
				log("round " + round + "  " + line(result));
			}
		}
		stopRecording(recording, options);
		String fidelity = options.flag("skip-fidelity") ? ""
				: FidelityCheck.run(db, target, rows, serverId++) + "\n";
		log(fidelity);
		return fullReport(setup, variants, results, runs, warmups) + "\n" + fidelity;
	}

	private static String fullReport(String setup, List<Variant> variants, Map<String, List<RunResult>> results,
			int runs, int warmups) {
		StringBuilder report = new StringBuilder("## Throughput (full mode)\n\n").append(setup).append(".\n\n");
		report.append("Each variant reads the same ").append(results.values().iterator().next().get(0).rows())
			.append(" row changes from the same start position. ").append(warmups)
			.append(" warm-up run(s) per variant, then ").append(runs)
			.append(" measured rounds (variants interleaved). The figures are those of the median run by rows/s "
					+ "('best': the fastest run), except 'CPU ns/row', the median over all runs of the CPU time "
					+ "the binlog thread spent per row, which other processes on the machine disturb far less.\n\n");
		report.append("| Variant | rows/s (median) | best rows/s | ratio to raw | CPU ns/row (median) | CPU ratio to raw "
				+ "| alloc bytes/row | heap peak MB | GC ms (count) | binlog thread busy | context start ms |\n");
		report.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		Double raw = null;
		Double rawCpu = null;
		for (Variant variant : variants) {
			List<RunResult> runsOf = new ArrayList<>(results.get(variant.name()));
			runsOf.sort(Comparator.comparingDouble(RunResult::rowsPerSecond));
			// the middle run; of an even count, the lower middle
			RunResult median = runsOf.get((runsOf.size() - 1) / 2);
			RunResult best = runsOf.get(runsOf.size() - 1);
			double cpu = runsOf.stream().mapToDouble(RunResult::cpuNanosPerRow).sorted().toArray()[(runsOf.size() - 1) / 2];
			if (variant.name().equals("raw")) {
				raw = median.rowsPerSecond();
				rawCpu = cpu;
			}
			report.append(String.format("| %s | %,.0f | %,.0f | %s | %,.0f | %s | %,.0f | %,d | %d (%d) | %.2f | %s |%n",
					variant.description(), median.rowsPerSecond(), best.rowsPerSecond(),
					(raw != null) ? String.format("%.2f", median.rowsPerSecond() / raw) : "n/a", cpu,
					(rawCpu != null) ? String.format("%.2f", cpu / rawCpu) : "n/a", median.bytesPerRow(),
					median.usage().heapPeakBytes() >> 20, median.usage().gcMillis(), median.usage().gcCount(),
					median.threadBusy(), (median.startupMillis() > 0) ? String.valueOf(median.startupMillis()) : "-"));
		}
		report.append("\nAll measured runs, rows/s (in brackets: CPU cores used meanwhile by other processes than "
				+ "this JVM and its MariaDB, from /proc/stat): ");
		for (Variant variant : variants) {
			report.append(variant.name()).append(" ")
				.append(results.get(variant.name())
					.stream()
					.map((r) -> String.format("%,.0f (%.2f)", r.rowsPerSecond(), r.usage().otherCores()))
					.toList())
				.append("; ");
		}
		report.append("\n");
		return report.toString();
	}

	static String line(RunResult result) {
		return String.format("%-20s %,10d rows in %,7d ms = %,9.0f rows/s, heap peak %,5d MB, GC %,5d ms (%d), "
				+ "%,6.0f B/row, %,6.0f CPU ns/row, busy %.2f, other processes %.2f cores", result.variant(), result.rows(),
				result.nanos() / 1_000_000, result.rowsPerSecond(), result.usage().heapPeakBytes() >> 20,
				result.usage().gcMillis(), result.usage().gcCount(), result.bytesPerRow(), result.cpuNanosPerRow(),
				result.threadBusy(), result.usage().otherCores());
	}

	private static Recording startRecording(Options options) throws IOException, java.text.ParseException {
		String file = options.string("jfr", "");
		if (file.isEmpty()) {
			return null;
		}
		Recording recording = new Recording(Configuration.getConfiguration(options.string("jfr-settings", "profile")));
		recording.setName("binlog-benchmarks");
		// denser than the profile settings (10 ms, 300 allocation samples/s): a run lasts seconds
		recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(options.number("jfr-period-ms", 2)));
		recording.enable("jdk.ObjectAllocationSample").with("throttle", options.string("jfr-allocation-rate", "3000/s"));
		recording.setToDisk(true);
		recording.start();
		log("JFR recording the measured rounds to " + file);
		return recording;
	}

	private static void stopRecording(Recording recording, Options options) throws IOException {
		if (recording != null) {
			recording.stop();
			Path file = Path.of(options.string("jfr", ""));
			recording.dump(file);
			recording.close();
			log("JFR recording written to " + file.toAbsolutePath() + "; summarize it with --mode=jfr-summary --file="
					+ file);
		}
	}

	static void log(String message) {
		out.println("[" + LocalDateTime.now().format(TIME) + "] " + message);
	}

	static long millis(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

}
