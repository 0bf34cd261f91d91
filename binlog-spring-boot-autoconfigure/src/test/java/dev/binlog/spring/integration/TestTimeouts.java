package dev.binlog.spring.integration;

import java.time.Duration;

/**
 * How long the integration tests wait for something to happen. Generous, as the tests share a small machine with
 * the servers: a wait ends as soon as its condition holds, so a long bound costs nothing when all is well.
 */
final class TestTimeouts {

	/**
	 * The upper bound of every {@code await()} for an event, a state or a position.
	 */
	static final Duration TIMEOUT = Duration.ofSeconds(60);

	/**
	 * The upper bound for a child JVM to start and deliver a large transaction again after a crash.
	 */
	static final Duration CHILD_JVM_TIMEOUT = Duration.ofSeconds(120);

	private TestTimeouts() {
	}

}
