package dev.binlog.spring.position;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.binlog.spring.BinlogPosition;

/**
 * Keeps positions in memory only: a restart of the application starts from {@code binlog.start-position} again.
 * For applications that rebuild their state on every start, and for tests.
 */
public class InMemoryBinlogPositionStore implements BinlogPositionStore {

	private final Map<String, BinlogPosition> positions = new ConcurrentHashMap<>();

	@Override
	public Optional<BinlogPosition> load(String name) {
		return Optional.ofNullable(this.positions.get(name));
	}

	@Override
	public void save(String name, BinlogPosition position, long serverId) {
		this.positions.put(name, position);
	}

}
