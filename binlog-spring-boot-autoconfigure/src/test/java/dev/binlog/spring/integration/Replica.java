package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TransactionCommitEvent;
import dev.binlog.test.EmbeddedMariaDb;

import org.springframework.context.event.EventListener;

/**
 * Applies every delivered change to an in-memory copy of the captured tables, keyed by the {@code id} primary key,
 * and counts how often each transaction was delivered, so that tests can compare the copy with a {@code SELECT} of
 * the source and count duplicates.
 */
class Replica {

	// table -> id -> row as a map
	private final Map<String, Map<Object, Map<String, Object>>> tables = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> deliveriesByGtid = new ConcurrentHashMap<>();

	private final AtomicInteger rows = new AtomicInteger();

	private volatile String lastGtid = "";

	@EventListener
	void apply(TableChangeEvent event) {
		Map<Object, Map<String, Object>> table = this.tables.computeIfAbsent(event.getTable(),
				(name) -> new ConcurrentHashMap<>());
		for (RowChange change : event.getChanges()) {
			this.rows.incrementAndGet();
			switch (change.action()) {
				case WRITE, SNAPSHOT -> table.put(change.after().get("id"), values(change.after()));
				case UPDATE -> {
					table.remove(change.before().get("id"));
					table.put(change.after().get("id"), values(change.after()));
				}
				case DELETE -> table.remove(change.before().get("id"));
			}
		}
	}

	@EventListener
	void commit(TransactionCommitEvent event) {
		this.deliveriesByGtid.computeIfAbsent(String.valueOf(event.getGtid()), (gtid) -> new AtomicInteger())
			.incrementAndGet();
		this.lastGtid = String.valueOf(event.getGtid());
	}

	String lastGtid() {
		return this.lastGtid;
	}

	private static Map<String, Object> values(Row row) {
		Map<String, Object> values = new TreeMap<>();
		row.toMap().forEach((column, value) -> values.put(column, normalize(value)));
		return values;
	}

	private static Object normalize(Object value) {
		// Java numbers of different widths compare unequal: compare their text
		return (value instanceof Number || value instanceof byte[]) ? String.valueOf(
				(value instanceof byte[] bytes) ? java.util.HexFormat.of().formatHex(bytes) : value) : value;
	}

	/**
	 * Return the copy of one table.
	 * @param table the table name
	 * @return rows by id
	 */
	Map<Object, Map<String, Object>> table(String table) {
		return new HashMap<>(this.tables.getOrDefault(table, Map.of()));
	}

	/**
	 * Return how many transactions were delivered more than once.
	 * @return the number of duplicated transactions
	 */
	long duplicatedTransactions() {
		return this.deliveriesByGtid.values().stream().filter((count) -> count.get() > 1).count();
	}

	int deliveredRows() {
		return this.rows.get();
	}

	/**
	 * Read a source table the way the copy holds it.
	 * @param server the server
	 * @param schema the schema
	 * @param table the table
	 * @param columns the columns, the first being {@code id}
	 * @return rows by id
	 */
	static Map<Object, Map<String, Object>> select(EmbeddedMariaDb server, String schema, String table,
			List<String> columns) throws Exception {
		Map<Object, Map<String, Object>> rows = new HashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + schema + "."
						+ table)) {
			while (rs.next()) {
				Map<String, Object> values = new TreeMap<>();
				for (String column : columns) {
					Object value = rs.getObject(column);
					values.put(column, normalize(value));
				}
				rows.put(normalizeId(rs.getObject("id")), values);
			}
		}
		return rows;
	}

	private static Object normalizeId(Object id) {
		return (id instanceof Number number) ? number.intValue() : id;
	}

}
