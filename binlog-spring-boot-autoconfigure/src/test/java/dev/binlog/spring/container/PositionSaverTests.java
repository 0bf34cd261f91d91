package dev.binlog.spring.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.position.BinlogPositionStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.OptimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the committed position is saved, and when it is not.
 */
class PositionSaverTests {

	private static final BinlogPosition START = new BinlogPosition("mysql-bin.000001", 400, null);

	private final RecordingStore store = new RecordingStore("shop.binlog_position");

	private final ContainerStatusHolder status = new ContainerStatusHolder();

	private final AtomicReference<@Nullable BinlogStreamException> conflict = new AtomicReference<>();

	private @Nullable PositionSaver saver;

	@AfterEach
	void stopSchedule() {
		if (this.saver != null) {
			this.saver.stopSchedule();
		}
	}

	@Test
	void withIntervalZeroEveryCommitIsSaved() {
		PositionSaver saver = saver(Duration.ZERO);
		commit(saver, 500, "shop", "orders");
		commit(saver, 600, "shop", "orders");
		assertThat(this.store.saved).extracting(BinlogPosition::position).containsExactly(500L, 600L);
		assertThat(saver.savedPosition()).isEqualTo(new BinlogPosition("mysql-bin.000001", 600, null));
	}

	@Test
	void aSaveNeverMovesThePositionBackwards() {
		PositionSaver saver = saver(Duration.ZERO);
		commit(saver, 500, "shop", "orders");
		// the position is moved back on request (restart at an earlier position): it is not saved over the later one
		this.status.track(new PositionTracker(START, false));
		saver.positionReplaced();
		saver.save();
		commit(saver, 450, "shop", "orders");
		assertThat(this.store.saved).extracting(BinlogPosition::position).containsExactly(500L);
		commit(saver, 700, "shop", "orders");
		assertThat(this.store.saved).extracting(BinlogPosition::position).containsExactly(500L, 700L);
	}

	@Test
	void aTransactionThatOnlyTouchedThePositionTableIsNotSavedAgain() {
		PositionSaver saver = saver(Duration.ZERO);
		commit(saver, 500, "shop", "orders");
		// the save of 500 comes back through the binlog as a transaction of its own
		commit(saver, 800, "SHOP", "BINLOG_POSITION");
		assertThat(this.store.saved).extracting(BinlogPosition::position).containsExactly(500L);
		// a transaction that touched the position table and another table is saved
		saver.tableChanged("shop", "binlog_position");
		commit(saver, 900, "shop", "orders");
		assertThat(this.store.saved).extracting(BinlogPosition::position).containsExactly(500L, 900L);
		// so is a DDL statement, which touches no table map
		advance(950);
		saver.otherChange();
		saver.committed();
		assertThat(this.store.saved).extracting(BinlogPosition::position).containsExactly(500L, 900L, 950L);
	}

	@Test
	void theSaveIntervalIsHonoured() {
		PositionSaver saver = saver(Duration.ofHours(1));
		commit(saver, 500, "shop", "orders");
		commit(saver, 600, "shop", "orders");
		// nothing is saved before the interval is over (or the container stops, which saves)
		assertThat(this.store.saved).isEmpty();
		saver.save();
		assertThat(this.store.saved).extracting(BinlogPosition::position).containsExactly(600L);
		// and a save without a new commit writes nothing
		saver.save();
		assertThat(this.store.saved).hasSize(1);
	}

	@Test
	void theScheduleSavesOncePerInterval() {
		PositionSaver saver = saver(Duration.ofMillis(50));
		saver.startSchedule();
		commit(saver, 500, "shop", "orders");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.saved.size() == 1);
		assertThat(this.store.saved.get(0).position()).isEqualTo(500);
	}

	@Test
	void aConflictOnTheRecordsVersionStopsTheStreamNamingTheProperty() {
		this.store.conflict = true;
		PositionSaver saver = saver(Duration.ZERO);
		commit(saver, 500, "shop", "orders");
		assertThat(this.conflict.get()).isNotNull();
		assertThat(this.conflict.get().getAction()).contains("binlog.position.name");
	}

	@Test
	void aStoreThatIsDownIsRetriedWithTheNextSave() {
		this.store.down = true;
		PositionSaver saver = saver(Duration.ZERO);
		commit(saver, 500, "shop", "orders");
		assertThat(this.store.saved).isEmpty();
		this.store.down = false;
		saver.save();
		assertThat(this.store.saved).extracting(BinlogPosition::position).containsExactly(500L);
		assertThat(this.conflict.get()).isNull();
	}

	private PositionSaver saver(Duration interval) {
		this.status.track(new PositionTracker(START, false));
		PositionSaver saver = new PositionSaver(this.store, "default", interval, this.status, this.conflict::set);
		assertThat(saver.load(1)).isNull();
		this.saver = saver;
		return saver;
	}

	// one transaction that writes a table, as the event handler reports it
	private void commit(PositionSaver saver, long end, String schema, String table) {
		saver.tableChanged(schema, table);
		advance(end);
		saver.committed();
	}

	private void advance(long end) {
		PositionTracker tracker = this.status.tracker();
		tracker.begin();
		tracker.advance(end);
		tracker.commit(tracker.endTransaction());
	}

	static final class RecordingStore implements BinlogPositionStore {

		final List<BinlogPosition> saved = new ArrayList<>();

		private final String table;

		volatile boolean conflict;

		volatile boolean down;

		RecordingStore(String table) {
			this.table = table;
		}

		@Override
		public Optional<BinlogPosition> load(String name) {
			return Optional.empty();
		}

		@Override
		public synchronized void save(String name, BinlogPosition position, long serverId) {
			if (this.conflict) {
				throw new OptimisticLockingFailureException("position record 'default' was changed by another writer");
			}
			if (this.down) {
				throw new IllegalStateException("connection refused");
			}
			this.saved.add(position);
		}

		@Override
		public Optional<String> table() {
			return Optional.of(this.table);
		}

	}

}
