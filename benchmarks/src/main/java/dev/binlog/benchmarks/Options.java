package dev.binlog.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's {@code --name=value} options.
 */
final class Options {

	private final Map<String, String> values = new LinkedHashMap<>();

	private Options() {
	}

	static Options parse(String[] args) {
		Options options = new Options();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Not an option: " + arg + " (use --name=value)");
			}
			int eq = arg.indexOf('=');
			String name = (eq < 0) ? arg.substring(2) : arg.substring(2, eq);
			String value = (eq < 0) ? "true" : arg.substring(eq + 1);
			options.values.put(name, value);
		}
		return options;
	}

	String string(String name, String defaultValue) {
		return this.values.getOrDefault(name, defaultValue);
	}

	String required(String name) {
		String value = this.values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	long number(String name, long defaultValue) {
		String value = this.values.get(name);
		return (value != null) ? parseCount(value) : defaultValue;
	}

	boolean flag(String name) {
		return Boolean.parseBoolean(this.values.getOrDefault(name, "false"));
	}

	Duration seconds(String name, long defaultSeconds) {
		return Duration.ofSeconds(number(name, defaultSeconds));
	}

	List<String> list(String name, String defaultValue) {
		return new ArrayList<>(Arrays.asList(string(name, defaultValue).split(",")));
	}

	boolean has(String name) {
		return this.values.containsKey(name);
	}

	/** Accepts 1000000, 1_000_000, 1m, 200k. */
	static long parseCount(String text) {
		String value = text.trim().replace("_", "").toLowerCase();
		long factor = 1;
		if (value.endsWith("k")) {
			factor = 1_000;
			value = value.substring(0, value.length() - 1);
		}
		else if (value.endsWith("m")) {
			factor = 1_000_000;
			value = value.substring(0, value.length() - 1);
		}
		return Long.parseLong(value) * factor;
	}

	@Override
	public String toString() {
		return this.values.toString();
	}

}
