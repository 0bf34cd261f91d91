package dev.binlog.spring.container;

/**
 * The life cycle of a {@link BinlogListenerContainer}.
 */
public enum ContainerState {

	/** Not started, or stopped on request. */
	STOPPED,

	/** Checking the server and opening the binlog connection. */
	STARTING,

	/** Connected and receiving events. */
	STREAMING,

	/** Paused on request: no connection, the position stays until resumed. */
	PAUSED,

	/** The connection was lost; waiting to reconnect from the last committed transaction. */
	RECONNECTING,

	/** Stopped by an error that needs a person: see {@link ContainerStatus#lastError()}. */
	FAILED;

	/**
	 * Return whether a container in this state may move to another. Stopped and failed containers only start
	 * again (or, stopped, fail); a failed container stays failed when it is stopped, so that the failure remains visible.
	 * @param next the state to move to
	 * @return whether the transition is legal
	 */
	boolean canMoveTo(ContainerState next) {
		return switch (this) {
			// a stopped container still saves its position, and a conflict on the record then fails it
			case STOPPED -> next == STARTING || next == FAILED;
			case FAILED -> next == STARTING;
			case STARTING -> next != STARTING;
			case STREAMING, PAUSED, RECONNECTING -> next != STARTING;
		};
	}

}
