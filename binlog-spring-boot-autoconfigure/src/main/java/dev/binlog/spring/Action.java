package dev.binlog.spring;

/**
 * The kind of row change a binlog rows event (or a table snapshot) carries.
 */
public enum Action {

	/** Rows inserted ({@code INSERT}, the insert half of {@code REPLACE}). */
	WRITE,

	/** Rows changed in place, each with its image before and after. */
	UPDATE,

	/** Rows removed. */
	DELETE,

	/**
	 * Rows as they were when a snapshot of the table read them ({@link TableSnapshotEvent}): the current state of
	 * each row, followed by the row's later changes.
	 */
	SNAPSHOT

}
