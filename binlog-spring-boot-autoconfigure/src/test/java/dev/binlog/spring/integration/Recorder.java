package dev.binlog.spring.integration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.binlog.spring.BinlogEvent;
import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TransactionCommitEvent;

import org.springframework.context.event.EventListener;

/**
 * Records the table-level and commit events a context publishes, in order.
 */
class Recorder {

	final List<BinlogEvent> events = new CopyOnWriteArrayList<>();

	@EventListener
	void on(TableChangeEvent event) {
		this.events.add(event);
	}

	@EventListener
	void on(TransactionCommitEvent event) {
		this.events.add(event);
	}

	List<TableChangeEvent> changes() {
		return this.events.stream()
			.filter(TableChangeEvent.class::isInstance)
			.map(TableChangeEvent.class::cast)
			.toList();
	}

	List<TableChangeEvent> changes(String schema) {
		return changes().stream().filter((event) -> event.getSchema().equals(schema)).toList();
	}

	List<String> keys(String schema) {
		return changes(schema).stream().map(TableChangeEvent::getKey).toList();
	}

	/**
	 * Records row-level events only.
	 */
	static class Rows {

		final List<RowChangeEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(RowChangeEvent event) {
			this.events.add(event);
		}

	}

}
