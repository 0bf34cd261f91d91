package dev.binlog.spring;

import com.github.shyiko.mysql.binlog.BinaryLogClient;

/**
 * Callback to customize the {@link BinaryLogClient} before the container connects it, for settings the starter's
 * properties do not cover (socket factories, SSL mode, MariaDB slave capability, ...). Customizers run on every
 * connection attempt, in {@link org.springframework.core.Ordered order}. The event deserializer and the event and
 * lifecycle listeners belong to the container: replacing them breaks position tracking.
 */
@FunctionalInterface
public interface BinaryLogClientCustomizer {

	/**
	 * Customize the client.
	 * @param client the client, not yet connected
	 */
	void customize(BinaryLogClient client);

}
