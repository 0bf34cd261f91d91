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
	FAILED

}
