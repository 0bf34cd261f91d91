package dev.binlog.spring;

import java.time.Instant;

import org.springframework.context.ApplicationEvent;

/**
 * Common supertype of every application event the binlog listener container publishes.
 */
public abstract class BinlogEvent extends ApplicationEvent {

	private final BinlogPosition position;

	private final Instant eventTime;

	/**
	 * Create an event.
	 * @param source the container that read the event
	 * @param position the binlog position just after the event
	 * @param eventTime when the server wrote the event (second or millisecond precision, as the binlog header
	 * carries it)
	 */
	protected BinlogEvent(Object source, BinlogPosition position, Instant eventTime) {
		super(source);
		this.position = position;
		this.eventTime = eventTime;
	}

	/**
	 * Return the binlog position just after this event. Positions inside a transaction are for information:
	 * the container only ever resumes from transaction boundaries.
	 * @return the position
	 */
	public BinlogPosition getPosition() {
		return this.position;
	}

	/**
	 * Return when the server wrote the event, from the binlog event header.
	 * @return the event time
	 */
	public Instant getEventTime() {
		return this.eventTime;
	}

}
