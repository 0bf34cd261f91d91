package dev.binlog.sample;

import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TransactionCommitEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes an audit trail of every change to the shop's orders into {@code audit.order_changes}. The audit schema is
 * not captured ({@code binlog.include=shop\..*}), so these writes do not come back as events.
 */
@Component
public class OrderAuditListener {

	private static final Log logger = LogFactory.getLog(OrderAuditListener.class);

	private final JdbcTemplate jdbc;

	OrderAuditListener(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener(condition = "#event.table == 'orders'")
	void on(TableChangeEvent event) {
		for (RowChange change : event.getChanges()) {
			String detail = (change.before() != null ? change.before() + " -> " : "")
					+ (change.after() != null ? change.after() : "deleted");
			this.jdbc.update(
					"INSERT INTO audit.order_changes (order_id, action, detail, binlog_position) VALUES (?, ?, ?, ?)",
					change.row().getLong("id"), event.getAction().name(), detail, event.getPosition().toString());
			logger.info("Audit " + event.getKey() + ": " + detail);
		}
	}

	@EventListener
	void on(TransactionCommitEvent event) {
		logger.info("Committed " + event.getGtid() + " at " + event.getPosition());
	}

}
