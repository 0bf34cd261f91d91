package dev.binlog.spring.container;

import java.time.Duration;

import dev.binlog.spring.Action;

/**
 * Told by a {@link BinlogListenerContainer} what happens on its binlog thread, for metrics. Called on the hot path:
 * implementations must be fast and must not throw. Every method does nothing by default.
 */
public interface ContainerObserver {

	/** An observer that does nothing. */
	ContainerObserver NONE = new ContainerObserver() {
	};

	/**
	 * An event was read from the server.
	 * @param bytes the event's length in bytes
	 */
	default void eventRead(long bytes) {
	}

	/**
	 * A table-level event (and its row-level events) was published.
	 * @param schema the schema
	 * @param table the table
	 * @param action the action
	 * @param rows the number of rows
	 * @param listenerTime how long the listeners took
	 */
	default void changesPublished(String schema, String table, Action action, int rows, Duration listenerTime) {
	}

	/**
	 * A transaction committed and its position became the committed position.
	 * @param rows the rows the transaction published
	 * @param lag the time from the commit on the server to the end of its delivery
	 */
	default void transactionCommitted(int rows, Duration lag) {
	}

	/**
	 * The position was saved, or saving failed.
	 * @param duration how long saving took
	 * @param success whether it was saved
	 */
	default void positionSaved(Duration duration, boolean success) {
	}

}
