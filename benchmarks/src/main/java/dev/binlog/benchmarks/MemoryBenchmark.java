package dev.binlog.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.binlog.test.EmbeddedMariaDb;

/**
 * Memory mode: one transaction of {@code --memory-rows} rows (1,000,000) streamed through the starter in a child
 * JVM with {@code -Xmx256m} ({@code --memory-xmx}). Passes when every row arrives; fails on an
 * {@link OutOfMemoryError} (the child runs with {@code -XX:+ExitOnOutOfMemoryError}), a failed container or a
 * timeout.
 */
final class MemoryBenchmark {

	private static final String RESULT = "MEMORY-RESULT ";

	private static final String TABLE = "orders_big";

	private MemoryBenchmark() {
	}

	static String run(EmbeddedMariaDb db, Workload workload, Options options) throws Exception {
		long rows = options.number("memory-rows", 1_000_000);
		String xmx = options.string("memory-xmx", "256m");
		long timeoutSeconds = options.number("timeout-seconds", 600);
		List<String> variants = options.list("memory-variants", "starter,row-events");
		workload.createOrderTable(TABLE);
		BinlogMark start = workload.mark();
		long load = System.nanoTime();
		workload.loadOneTransaction(TABLE, rows);
		BinlogMark end = workload.mark();
		String setup = "One INSERT ... SELECT of " + rows + " rows into bench." + TABLE + " as a single transaction ("
				+ BenchmarkRunner.millis(load) + " ms; binlog " + start + " to " + end + ", "
				+ ((end.file().equals(start.file())) ? ((end.position() - start.position()) >> 20) + " MB"
						: "across files")
				+ "), streamed through the starter in a child JVM with -Xmx" + xmx + " -XX:+ExitOnOutOfMemoryError";
		BenchmarkRunner.log(setup);
		StringBuilder report = new StringBuilder("## Memory (memory mode)\n\n").append(setup).append(".\n\n");
		report.append("| Variant | result | rows | seconds | rows/s | heap peak MB | GC ms (count) |\n");
		report.append("|---|---|---:|---:|---:|---:|---:|\n");
		long serverId = 4000;
		for (String variant : variants) {
			List<String> command = new ArrayList<>();
			command.add(ProcessHandle.current().info().command().orElse("java"));
			command.add("-Xmx" + xmx);
			command.add("-XX:+ExitOnOutOfMemoryError");
			command.addAll(selfLaunch());
			command.addAll(List.of("--mode=memory-child", "--host=" + db.host(), "--port=" + db.port(),
					"--file=" + start.file(), "--position=" + start.position(), "--rows=" + rows,
					"--variant=" + variant, "--server-id=" + serverId++, "--timeout-seconds=" + timeoutSeconds));
			BenchmarkRunner.log("memory " + variant + ": " + String.join(" ", command));
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
			if (!child.waitFor(timeoutSeconds + 60, TimeUnit.SECONDS)) {
				child.destroyForcibly();
			}
			int exit = child.exitValue();
			String row;
			if (result != null && exit == 0) {
				row = "| " + variant + " | " + result + " |";
			}
			else {
				String why = (exit == 3) ? "OutOfMemoryError (exit 3)" : (result != null) ? result : "exit " + exit;
				row = "| " + variant + " | FAIL: " + why + " | | | | | |";
			}
			BenchmarkRunner.log("memory " + variant + ": " + row);
			report.append(row).append("\n");
		}
		return report.toString();
	}

	/** How to start this program again: {@code -jar} for the packaged jar, else the class path and main class. */
	static List<String> selfLaunch() {
		String classPath = System.getProperty("java.class.path");
		String command = System.getProperty("sun.java.command", "");
		if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar")
				&& command.startsWith(classPath)) {
			return List.of("-jar", Path.of(classPath).toAbsolutePath().toString());
		}
		return List.of("-cp", classPath, BenchmarkRunner.class.getName());
	}

	/** The child: stream the rows, print one result line. */
	static int child(Options options) {
		String variant = options.string("variant", "starter");
		long rows = options.number("rows", 1_000_000);
		Target target = new Target(options.required("host"), (int) options.number("port", 3306), "cdc", "cdc", "root",
				"", new BinlogMark(options.required("file"), options.number("position", 4), ""), rows,
				Duration.ofSeconds(options.number("timeout-seconds", 600)));
		StarterVariant starter = switch (variant) {
			case "starter" -> new StarterVariant(variant, "", Listeners.TableEvents.class, Map.of());
			case "row-events" -> new StarterVariant(variant, "", Listeners.RowEvents.class,
					Map.of("binlog.row-events", "true"));
			default -> throw new IllegalArgumentException("Unknown memory variant " + variant);
		};
		try {
			BenchmarkRunner.out.println(BenchmarkRunner.environment());
			RunResult result = starter.run(target, options.number("server-id", 4000));
			BenchmarkRunner.out.println(BenchmarkRunner.line(result));
			BenchmarkRunner.out.println(RESULT + String.format("PASS | %,d | %.1f | %,.0f | %,d | %d (%d)",
					result.rows(), result.nanos() / 1e9, result.rowsPerSecond(), result.usage().heapPeakBytes() >> 20,
					result.usage().gcMillis(), result.usage().gcCount()));
			return 0;
		}
		catch (Throwable ex) {
			ex.printStackTrace(BenchmarkRunner.out);
			BenchmarkRunner.out.println(RESULT + "FAIL: " + ex);
			return 1;
		}
	}

}
