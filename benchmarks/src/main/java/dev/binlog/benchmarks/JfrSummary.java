package dev.binlog.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code --mode=jfr-summary --file=recording.jfr [--thread=binlog-] [--top=30]}: aggregates the execution samples
 * and allocation samples of the threads whose name starts with {@code --thread} (the binlog thread of the
 * starter is {@code binlog-host:port}, the raw client's {@code blc-host:port}):
 * <ul>
 * <li>hot methods by self time (top frame) and by total time (anywhere on the stack, once per sample);</li>
 * <li>allocation by class and by allocating method (top frame, and the first frame outside the JDK), weighted by
 * the sampled bytes.</li>
 * </ul>
 */
final class JfrSummary {

	private JfrSummary() {
	}

	static void main(Options options) throws IOException {
		Path file = Path.of(options.required("file"));
		String thread = options.string("thread", "binlog-");
		int top = (int) options.number("top", 30);
		Map<String, Long> self = new HashMap<>();
		Map<String, Long> total = new HashMap<>();
		Map<String, Long> selfPackages = new HashMap<>();
		Map<String, Long> allocClasses = new HashMap<>();
		Map<String, Long> allocTop = new HashMap<>();
		Map<String, Long> allocSite = new HashMap<>();
		long samples = 0;
		long truncated = 0;
		long allocBytes = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
			String type = event.getEventType().getName();
			if (type.equals("jdk.ExecutionSample")) {
				RecordedThread sampled = event.getThread("sampledThread");
				if (!matches(sampled, thread)) {
					continue;
				}
				RecordedStackTrace stack = event.getStackTrace();
				if (stack == null || stack.getFrames().isEmpty()) {
					continue;
				}
				samples++;
				if (stack.isTruncated()) {
					truncated++;
				}
				List<RecordedFrame> frames = stack.getFrames();
				String topMethod = name(frames.get(0));
				self.merge(topMethod, 1L, Long::sum);
				selfPackages.merge(area(frames.get(0)), 1L, Long::sum);
				Set<String> seen = new HashSet<>();
				for (RecordedFrame frame : frames) {
					String method = name(frame);
					if (seen.add(method)) {
						total.merge(method, 1L, Long::sum);
					}
				}
			}
			else if (type.equals("jdk.ObjectAllocationSample")) {
				if (!matches(event.getThread("eventThread"), thread)) {
					continue;
				}
				long weight = event.getLong("weight");
				allocBytes += weight;
				allocClasses.merge(event.getClass("objectClass").getName(), weight, Long::sum);
				RecordedStackTrace stack = event.getStackTrace();
				if (stack != null && !stack.getFrames().isEmpty()) {
					allocTop.merge(name(stack.getFrames().get(0)), weight, Long::sum);
					allocSite.merge(firstOwnFrame(stack.getFrames()), weight, Long::sum);
				}
			}
		}
		StringBuilder report = new StringBuilder();
		report.append("JFR ").append(file).append(", threads '").append(thread).append("*': ").append(samples)
			.append(" execution samples (").append(truncated).append(" with truncated stacks), ")
			.append(allocBytes >> 20).append(" MB of sampled allocation weight\n\n");
		table(report, "Hot methods, self (top frame)", self, samples, top, "samples");
		table(report, "Self time by area", selfPackages, samples, top, "samples");
		table(report, "Hot methods, total (on the stack)", total, samples, top, "samples");
		table(report, "Allocation by class", allocClasses, allocBytes, top, "bytes");
		table(report, "Allocation by allocating method (top frame)", allocTop, allocBytes, top, "bytes");
		table(report, "Allocation by first frame outside java.*/jdk.*/sun.*", allocSite, allocBytes, top, "bytes");
		BenchmarkRunner.out.println(report);
	}

	private static boolean matches(RecordedThread thread, String prefix) {
		if (thread == null) {
			return false;
		}
		String name = (thread.getJavaName() != null) ? thread.getJavaName() : thread.getOSName();
		return name != null && name.startsWith(prefix);
	}

	private static String name(RecordedFrame frame) {
		RecordedMethod method = frame.getMethod();
		if (method == null) {
			return "?";
		}
		return method.getType().getName() + "." + method.getName();
	}

	private static String firstOwnFrame(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String name = name(frame);
			if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
				return name;
			}
		}
		return name(frames.get(0));
	}

	/** The library a frame belongs to. */
	private static String area(RecordedFrame frame) {
		String name = name(frame);
		String[][] areas = { { "dev.binlog.spring.decoding.", "starter: decoding" },
				{ "dev.binlog.spring.container.", "starter: container" },
				{ "dev.binlog.spring.dispatch.", "starter: dispatch" }, { "dev.binlog.spring.", "starter: api" },
				{ "dev.binlog.benchmarks.", "benchmark listener" },
				{ "com.github.shyiko.mysql.binlog.event.deserialization.", "connector: deserialization" },
				{ "com.github.shyiko.mysql.binlog.io.", "connector: io" },
				{ "com.github.shyiko.mysql.binlog.", "connector: other" },
				{ "org.springframework.context.event.", "spring: event multicaster" },
				{ "org.springframework.", "spring: other" }, { "java.util.", "jdk: java.util" },
				{ "java.lang.", "jdk: java.lang" }, { "java.math.", "jdk: java.math" },
				{ "java.time.", "jdk: java.time" }, { "java.", "jdk: other java.*" },
				{ "sun.nio.cs.", "jdk: charsets" }, { "jdk.", "jdk: other jdk.*" }, { "sun.", "jdk: sun.*" } };
		for (String[] area : areas) {
			if (name.startsWith(area[0])) {
				return area[1];
			}
		}
		return "other";
	}

	private static void table(StringBuilder report, String title, Map<String, Long> counts, long whole, int top,
			String unit) {
		report.append("### ").append(title).append("\n\n| # | ").append(title.contains("area") ? "area" : "method / class")
			.append(" | ").append(unit).append(" | % |\n|---:|---|---:|---:|\n");
		int[] rank = { 0 };
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(top)
			.forEach((entry) -> report.append(String.format("| %d | %s | %,d | %.1f |%n", ++rank[0], entry.getKey(),
					entry.getValue(), 100.0 * entry.getValue() / Math.max(1, whole))));
		report.append("\n");
	}

}
