package dev.binlog.spring.decoding;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Include and exclude rules on {@code schema.table}, as regular expressions that must match the whole name.
 * A table is captured when it matches an include pattern (or no include pattern is given) and no exclude pattern.
 * Decisions are cached by name, so the patterns run once per table rather than once per event.
 */
final class TableFilter {

	private final List<Pattern> includes;

	private final List<Pattern> excludes;

	private final Map<String, Map<String, Boolean>> decisions = new ConcurrentHashMap<>();

	/**
	 * Create a filter.
	 * @param includes regular expressions on {@code schema.table} to capture; empty to capture every table
	 * @param excludes regular expressions on {@code schema.table} to ignore, applied after the includes
	 * @throws IllegalArgumentException naming the bad pattern if one does not compile
	 */
	public TableFilter(List<String> includes, List<String> excludes) {
		this.includes = compile(includes, "binlog.include");
		this.excludes = compile(excludes, "binlog.exclude");
	}

	private static List<Pattern> compile(List<String> patterns, String property) {
		return patterns.stream().map((pattern) -> {
			try {
				return Pattern.compile(pattern);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException(
						"Invalid regular expression '" + pattern + "' in " + property + ": " + ex.getMessage(), ex);
			}
		}).toList();
	}

	/**
	 * Return whether rows of the given table are captured.
	 * @param schema the schema name
	 * @param table the table name
	 * @return whether the table is captured
	 */
	public boolean accepts(String schema, String table) {
		return this.decisions.computeIfAbsent(schema, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(table, (key) -> decide(schema + "." + table));
	}

	private boolean decide(String name) {
		boolean included = this.includes.isEmpty()
				|| this.includes.stream().anyMatch((pattern) -> pattern.matcher(name).matches());
		return included && this.excludes.stream().noneMatch((pattern) -> pattern.matcher(name).matches());
	}

}
