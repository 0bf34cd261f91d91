package dev.binlog.test.events;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.binlog.spring.Action;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on the events of a {@link BinlogEventRecorder}. Tables are named {@code schema.table}, or just
 * {@code table} for any schema.
 *
 * <pre>{@code
 * BinlogEventsAssert.assertThat(recorder)
 *     .hasWritten("shop.orders")
 *     .hasUpdated("shop.orders", "id", 1, "status")
 *     .hasDeleted("shop.orders", "id", 3)
 *     .hasChangesInOrder("write@shop.orders", "update@shop.orders", "delete@shop.orders");
 * }</pre>
 */
public class BinlogEventsAssert extends AbstractAssert<BinlogEventsAssert, BinlogEventRecorder> {

	BinlogEventsAssert(BinlogEventRecorder recorder) {
		super(recorder, BinlogEventsAssert.class);
	}

	/**
	 * Create assertions on the events recorded so far.
	 * @param recorder the recorder
	 * @return the assertions
	 */
	public static BinlogEventsAssert assertThat(BinlogEventRecorder recorder) {
		return new BinlogEventsAssert(recorder);
	}

	/**
	 * Verify that at least one row was written (inserted) into the table.
	 * @param table {@code schema.table} or {@code table}
	 * @return this
	 */
	public BinlogEventsAssert hasWritten(String table) {
		if (changes(table, Action.WRITE).isEmpty()) {
			failWithMessage("Expected a write to %s, but the recorded changes were %s", table, keys());
		}
		return this;
	}

	/**
	 * Verify that a row whose key column has the given value was updated, and that exactly the given columns
	 * changed in that update.
	 * @param table {@code schema.table} or {@code table}
	 * @param keyColumn the key column
	 * @param key the key value (numbers compare by value, so {@code 1} matches a {@code Long} 1)
	 * @param changedColumns the columns whose value the update changed
	 * @return this
	 */
	public BinlogEventsAssert hasUpdated(String table, String keyColumn, Object key, String... changedColumns) {
		List<RowChange> updates = changes(table, Action.UPDATE).stream()
			.filter((change) -> sameValue(change.row().get(keyColumn), key))
			.toList();
		if (updates.isEmpty()) {
			failWithMessage("Expected an update of the row of %s with %s = %s, but there was none; the recorded "
					+ "changes were %s", table, keyColumn, key, keys());
		}
		Set<String> expected = new LinkedHashSet<>(Arrays.asList(changedColumns));
		List<Set<String>> seen = new ArrayList<>();
		for (RowChange update : updates) {
			Set<String> changed = changedColumns(update);
			if (changed.equals(expected)) {
				return this;
			}
			seen.add(changed);
		}
		failWithMessage("Expected an update of the row of %s with %s = %s that changed %s, but its updates changed %s",
				table, keyColumn, key, expected, seen);
		return this;
	}

	/**
	 * Verify that a row whose key column has the given value was deleted.
	 * @param table {@code schema.table} or {@code table}
	 * @param keyColumn the key column
	 * @param key the key value
	 * @return this
	 */
	public BinlogEventsAssert hasDeleted(String table, String keyColumn, Object key) {
		boolean deleted = changes(table, Action.DELETE).stream()
			.anyMatch((change) -> sameValue(change.row().get(keyColumn), key));
		if (!deleted) {
			failWithMessage("Expected a delete of the row of %s with %s = %s, but the recorded changes were %s", table,
					keyColumn, key, keys());
		}
		return this;
	}

	/**
	 * Verify that events with these keys ({@code action@schema.table}, as {@link TableChangeEvent#getKey()}) were
	 * published in this order; other events may come before, between and after them.
	 * @param keys the event keys, in the expected order
	 * @return this
	 */
	public BinlogEventsAssert hasChangesInOrder(String... keys) {
		List<String> recorded = keys();
		int next = 0;
		for (String key : recorded) {
			if (next < keys.length && key.equals(keys[next])) {
				next++;
			}
		}
		if (next < keys.length) {
			failWithMessage("Expected changes %s in this order, but %s was not found after %s; the recorded changes "
					+ "were %s", Arrays.asList(keys), keys[next], Arrays.asList(keys).subList(0, next), recorded);
		}
		return this;
	}

	private List<String> keys() {
		return this.actual.tableChanges().stream().map(TableChangeEvent::getKey).toList();
	}

	private List<RowChange> changes(String table, Action action) {
		List<RowChange> changes = new ArrayList<>();
		for (TableChangeEvent event : this.actual.tableChanges()) {
			if (event.getAction() == action && matches(event, table)) {
				changes.addAll(event.getChanges());
			}
		}
		return changes;
	}

	private static boolean matches(TableChangeEvent event, String table) {
		int dot = table.indexOf('.');
		return (dot < 0) ? event.getTable().equals(table)
				: event.getSchema().equals(table.substring(0, dot)) && event.getTable().equals(table.substring(dot + 1));
	}

	private static Set<String> changedColumns(RowChange update) {
		Row before = Objects.requireNonNull(update.before(), "update without a before image");
		Row after = Objects.requireNonNull(update.after(), "update without an after image");
		Set<String> changed = new LinkedHashSet<>();
		for (String column : after.columnNames()) {
			// a column missing from the before image (MINIMAL row image) cannot be compared: it counts as changed
			if (!before.contains(column) || !sameValue(before.get(column), after.get(column))) {
				changed.add(column);
			}
		}
		return changed;
	}

	private static boolean sameValue(@Nullable Object actual, @Nullable Object expected) {
		if (actual instanceof Number a && expected instanceof Number e && !(actual instanceof Double)
				&& !(actual instanceof Float)) {
			return new BigDecimal(a.toString()).compareTo(new BigDecimal(e.toString())) == 0;
		}
		if (actual instanceof byte[] a && expected instanceof byte[] e) {
			return Arrays.equals(a, e);
		}
		return Objects.equals(actual, expected);
	}

}
