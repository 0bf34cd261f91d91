package dev.binlog.spring.container;

/**
 * What to do when the saved or configured position is no longer on the server ({@code binlog.position.on-missing}).
 */
public enum OnMissingPosition {

	/** Stop with a message: nothing is skipped without a person deciding. */
	FAIL,

	/** Continue from the end of the current binlog; changes in between are lost, logged and counted. */
	LATEST,

	/** Continue from the oldest binlog the server has; changes may be delivered again. */
	EARLIEST

}
