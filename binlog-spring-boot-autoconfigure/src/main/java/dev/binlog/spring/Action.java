package dev.binlog.spring;

/**
 * The kind of row change a binlog rows event carries.
 */
public enum Action {

	/** Rows inserted ({@code INSERT}, the insert half of {@code REPLACE}). */
	WRITE,

	/** Rows changed in place, each with its image before and after. */
	UPDATE,

	/** Rows removed. */
	DELETE

}
