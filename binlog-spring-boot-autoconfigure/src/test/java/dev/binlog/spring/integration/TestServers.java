package dev.binlog.spring.integration;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;

/**
 * Real MariaDB servers with the binary log on, shared by the integration tests of one JVM and closed when it
 * exits, so that each kind of server starts once.
 */
final class TestServers {

	private static final Map<RowMetadata, EmbeddedMariaDb> servers = new EnumMap<>(RowMetadata.class);

	private static final AtomicInteger schemas = new AtomicInteger();

	private TestServers() {
	}

	/**
	 * Return the shared server writing the given row metadata.
	 * @param rowMetadata FULL or MINIMAL
	 * @return a running server
	 */
	static synchronized EmbeddedMariaDb get(RowMetadata rowMetadata) {
		return servers.computeIfAbsent(rowMetadata, (metadata) -> {
			EmbeddedMariaDb server = EmbeddedMariaDb.builder().rowMetadata(metadata).serverId(1).start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			return server;
		});
	}

	/**
	 * Return a schema name no other test uses.
	 * @param prefix a readable prefix
	 * @return the name
	 */
	static String uniqueSchema(String prefix) {
		return prefix + "_" + schemas.incrementAndGet();
	}

}
