package dev.binlog.spring.cluster;

/**
 * The role of an instance in the leader election of its position record.
 */
public enum BinlogRole {

	/** Holds the election lock and streams. */
	LEADER,

	/** Waits for the lock; healthy, not streaming. */
	STANDBY

}
