package dev.binlog.benchmarks;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.binlog.spring.Action;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.test.EmbeddedMariaDb;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * Not timed: streams the benchmark's rows once more through variant 2 and compares the decoded after images of the
 * updates of a few ids with what JDBC reads for the same rows now, so that the figures are known to be of rows
 * decoded correctly.
 */
final class FidelityCheck {

	private FidelityCheck() {
	}

	static String run(EmbeddedMariaDb db, Target target, long rows, long serverId) throws Exception {
		Set<BigInteger> ids = new TreeSet<>();
		for (long id = 1; id <= rows; id += Math.max(1, rows / 10)) {
			ids.add(BigInteger.valueOf(id));
		}
		ids.add(BigInteger.valueOf(rows));
		Keeper keeper = new Keeper(ids, target.rows());
		Map<String, Object> properties = StarterVariant.baseProperties(target, serverId);
		try (ConfigurableApplicationContext context = StarterVariant.start(Keeper.Listener.class, properties,
				keeper)) {
			StarterVariant.await(context.getBean(dev.binlog.spring.container.BinlogListenerContainer.class),
					keeper.probe, target);
		}
		List<String> problems = new ArrayList<>();
		try (Connection connection = db.connect();
				PreparedStatement select = connection.prepareStatement("SELECT id, customer_id, status, total, note, "
						+ "created, updated, attrs FROM " + Workload.SCHEMA + ".orders WHERE id = ?")) {
			for (BigInteger id : ids) {
				Row after = keeper.afterImages.get(id);
				if (after == null) {
					problems.add("no update of id " + id + " arrived");
					continue;
				}
				select.setObject(1, id);
				try (ResultSet rs = select.executeQuery()) {
					rs.next();
					Map<String, Object> jdbc = new LinkedHashMap<>();
					jdbc.put("id", rs.getObject("id", BigInteger.class));
					jdbc.put("customer_id", rs.getObject("customer_id", Integer.class));
					jdbc.put("status", rs.getString("status"));
					jdbc.put("total", rs.getBigDecimal("total"));
					jdbc.put("note", rs.getString("note"));
					jdbc.put("created", rs.getObject("created", LocalDateTime.class));
					Timestamp updated = rs.getTimestamp("updated");
					jdbc.put("updated", (updated != null) ? updated.toInstant() : null);
					jdbc.put("attrs", rs.getString("attrs"));
					Map<String, Object> decoded = after.toMap();
					if (!decoded.keySet().equals(jdbc.keySet())) {
						problems.add("id " + id + ": columns " + decoded.keySet() + " vs JDBC " + jdbc.keySet());
						continue;
					}
					for (String column : jdbc.keySet()) {
						Object mine = decoded.get(column);
						Object theirs = jdbc.get(column);
						boolean same = (mine instanceof BigDecimal a && theirs instanceof BigDecimal b)
								? a.compareTo(b) == 0 && a.scale() == b.scale() : Objects.equals(mine, theirs);
						if (!same) {
							problems.add("id " + id + " column " + column + ": binlog " + describe(mine) + ", JDBC "
									+ describe(theirs));
						}
					}
				}
			}
		}
		String sample = keeper.afterImages.values().iterator().next().toString();
		return "Fidelity check (not timed): decoded after images of " + ids.size() + " updated orders compared with "
				+ "JDBC: " + (problems.isEmpty() ? "all equal" : problems.size() + " differences: " + problems)
				+ ". Sample: " + sample;
	}

	private static String describe(Object value) {
		return (value != null) ? value + " (" + value.getClass().getSimpleName() + ")" : "null";
	}

	/** Keeps the after images of the watched ids. */
	static final class Keeper {

		private final Set<BigInteger> ids;

		private final Map<BigInteger, Row> afterImages = Collections.synchronizedMap(new HashMap<>());

		private final Probe probe;

		Keeper(Set<BigInteger> ids, long rows) {
			this.ids = ids;
			this.probe = new Probe(rows);
		}

		static class Listener {

			private final Keeper keeper;

			Listener(Keeper keeper) {
				this.keeper = keeper;
			}

			@EventListener
			void on(TableChangeEvent event) {
				if (event.getAction() == Action.UPDATE && event.getTable().equals("orders")) {
					for (RowChange change : event.getChanges()) {
						Row after = change.after();
						Object id = after.get("id");
						if (id instanceof BigInteger big && this.keeper.ids.contains(big)) {
							this.keeper.afterImages.put(big, after);
						}
					}
				}
				if (event.getTable().equals("orders")) {
					this.keeper.probe.add(event.getChanges().size());
				}
			}

		}

	}

}
