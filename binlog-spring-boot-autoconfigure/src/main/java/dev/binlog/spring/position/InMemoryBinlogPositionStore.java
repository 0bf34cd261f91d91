package dev.binlog.spring.position;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.binlog.spring.BinlogPosition;
import org.jspecify.annotations.Nullable;

/**
 * Keeps positions in memory only: a restart of the application starts from {@code binlog.start-position} again.
 * For applications that rebuild their state on every start, and for tests. Snapshot progress is kept in memory
 * too: a container stopped and started again in the same application resumes its snapshots.
 */
public class InMemoryBinlogPositionStore implements BinlogPositionStore {

	private final Map<String, BinlogPosition> positions = new ConcurrentHashMap<>();

	private final Map<String, String> snapshotProgress = new ConcurrentHashMap<>();

	@Override
	public Optional<BinlogPosition> load(String name) {
		return Optional.ofNullable(this.positions.get(name));
	}

	@Override
	public void save(String name, BinlogPosition position, long serverId) {
		this.positions.put(name, position);
	}

	@Override
	public synchronized void save(String name, BinlogPosition position, long serverId,
			@Nullable String snapshotProgress) {
		this.positions.put(name, position);
		if (snapshotProgress != null) {
			this.snapshotProgress.put(name, snapshotProgress);
		}
		else {
			this.snapshotProgress.remove(name);
		}
	}

	@Override
	public Optional<String> loadSnapshotProgress(String name) {
		return Optional.ofNullable(this.snapshotProgress.get(name));
	}

	@Override
	public boolean keepsSnapshotProgress() {
		return true;
	}

}
