package dev.binlog.spring.dispatch;

import dev.binlog.spring.BinlogEvent;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.SchemaChangeEvent;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TransactionCommitEvent;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the container's events through the application's event publisher, synchronously and in binlog order:
 * a listener that throws makes {@link #publish} throw, and the container stops before the position moves past the
 * transaction.
 */
public class BinlogEventDispatcher {

	private final ApplicationEventPublisher publisher;

	private final BinlogListenerRegistry registry;

	private volatile boolean rowEvents;

	/**
	 * Create a dispatcher.
	 * @param publisher the application's event publisher, for {@code @EventListener} methods and other listeners
	 * @param registry the {@code @BinlogListener} methods, invoked after the other listeners of each event
	 * @param rowEvents whether to publish a {@link RowChangeEvent} for every row as well
	 */
	public BinlogEventDispatcher(ApplicationEventPublisher publisher, BinlogListenerRegistry registry,
			boolean rowEvents) {
		this.publisher = publisher;
		this.registry = registry;
		this.rowEvents = rowEvents;
	}

	/**
	 * Return whether row-level events are published.
	 * @return whether row-level events are published
	 */
	public boolean isRowEvents() {
		return this.rowEvents;
	}

	/**
	 * Set whether row-level events are published.
	 * @param rowEvents whether row-level events are published
	 */
	public void setRowEvents(boolean rowEvents) {
		this.rowEvents = rowEvents;
	}

	/**
	 * Publish a table-level event and, when enabled, one row-level event per row after it.
	 * @param event the event
	 */
	public void publish(TableChangeEvent event) {
		this.publisher.publishEvent(event);
		this.registry.dispatch(event);
		if (this.rowEvents) {
			for (RowChange change : event.getChanges()) {
				RowChangeEvent rowEvent = new RowChangeEvent(event.getSource(), event.getPosition(),
						event.getEventTime(), event.getSchema(), event.getTable(), change);
				this.publisher.publishEvent(rowEvent);
				this.registry.dispatch(rowEvent);
			}
		}
	}

	/**
	 * Publish another event of the container, such as a table snapshot's start or completion.
	 * @param event the event
	 */
	public void publish(BinlogEvent event) {
		this.publisher.publishEvent(event);
		this.registry.dispatch(event);
	}

	/**
	 * Publish a DDL statement.
	 * @param event the event
	 */
	public void publish(SchemaChangeEvent event) {
		this.publisher.publishEvent(event);
	}

	/**
	 * Publish the end of a transaction.
	 * @param event the event
	 */
	public void publish(TransactionCommitEvent event) {
		this.publisher.publishEvent(event);
		this.registry.dispatch(event);
	}

}
