package dev.binlog.spring.cluster;

import java.time.Instant;
import java.util.Optional;

/**
 * What health, metrics and the actuator endpoint show of the leader election: the role of this instance, since
 * when, and who leads. Free of Spring Integration types, so that they can be read without it on the class path.
 */
public interface BinlogLeadership {

	/**
	 * Return the role of this instance.
	 * @return the role
	 */
	BinlogRole role();

	/**
	 * Return since when this instance has had its role.
	 * @return the time of the last change, or of the start
	 */
	Instant since();

	/**
	 * Return how often this instance became leader or stood down.
	 * @return the number of role changes
	 */
	long leadershipChanges();

	/**
	 * Return the identity of this instance.
	 * @return the instance id
	 */
	String instanceId();

	/**
	 * Return the identity of the instance that was elected last, as the position store knows it.
	 * @return the leader, or empty when the store does not know
	 */
	Optional<String> leader();

}
