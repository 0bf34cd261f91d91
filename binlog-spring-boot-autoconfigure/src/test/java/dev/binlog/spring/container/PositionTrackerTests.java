package dev.binlog.spring.container;

import dev.binlog.spring.BinlogPosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed position only ever lands on transaction boundaries.
 */
class PositionTrackerTests {

	@Test
	void positionsInsideATransactionAreNotBoundaries() {
		PositionTracker tracker = new PositionTracker(new BinlogPosition("mysql-bin.000001", 400, "0-1-10"), true);
		tracker.recordGtid("0-1-11", true);
		tracker.advance(500);
		tracker.advance(900);
		assertThat(tracker.inTransaction()).isTrue();
		assertThat(tracker.current()).isEqualTo(new BinlogPosition("mysql-bin.000001", 900, "0-1-10"));
		assertThat(tracker.committed()).isEqualTo(new BinlogPosition("mysql-bin.000001", 400, "0-1-10"));
		tracker.advance(950);
		BinlogPosition boundary = tracker.endTransaction();
		assertThat(boundary).isEqualTo(new BinlogPosition("mysql-bin.000001", 950, "0-1-11"));
		// not committed until the listeners are done
		assertThat(tracker.committed().position()).isEqualTo(400);
		tracker.commit(boundary);
		assertThat(tracker.committed()).isEqualTo(boundary);
	}

	@Test
	void rotationOutsideATransactionIsABoundaryButNotTheRotationAfterAGtidConnect() {
		PositionTracker tracker = new PositionTracker(new BinlogPosition("mysql-bin.000001", 950, "0-1-11"), true);
		tracker.rotate("mysql-bin.000001", 4, false);
		assertThat(tracker.committed().position()).isEqualTo(950);
		tracker.rotate("mysql-bin.000002", 4, true);
		assertThat(tracker.committed()).isEqualTo(new BinlogPosition("mysql-bin.000002", 4, "0-1-11"));
		tracker.begin();
		tracker.rotate("mysql-bin.000003", 4, true);
		assertThat(tracker.committed().file()).isEqualTo("mysql-bin.000002");
	}

	@Test
	void committedAfterABoundaryLeavesTheCommittedPositionAndRespectsAPreparedXaTransaction() {
		BinlogPosition start = new BinlogPosition("mysql-bin.000001", 400, "0-1-10");
		PositionTracker tracker = new PositionTracker(start, true);
		BinlogPosition boundary = new BinlogPosition("mysql-bin.000001", 950, "0-1-11");
		assertThat(tracker.committedAfter(boundary)).isEqualTo(boundary);
		// asking moves nothing: transactional delivery commits the tracker only after its database commit
		assertThat(tracker.committed()).isEqualTo(start);
		tracker.hold();
		assertThat(tracker.committedAfter(boundary)).isEqualTo(start);
	}

	@Test
	void mysqlGtidsAccumulateInTheSet() {
		String uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
		PositionTracker tracker = new PositionTracker(new BinlogPosition("binlog.000001", 4, uuid + ":1-5"), false);
		tracker.recordGtid(uuid + ":6", false);
		tracker.begin();
		tracker.advance(300);
		assertThat(tracker.endTransaction().gtidSet()).isEqualTo(uuid + ":1-6");
	}

}
