package dev.binlog.spring.container;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import dev.binlog.spring.BinlogPosition;

/**
 * Decides whether one committed position lies after another, so that a saved position only ever moves forward.
 * GTID sets decide where both positions have one (they hold across servers after a failover); otherwise the binlog
 * file sequence number and offset.
 */
final class PositionOrder {

	private PositionOrder() {
	}

	/**
	 * Return whether {@code candidate} lies strictly after {@code saved}.
	 * @param candidate the new position
	 * @param saved the position saved before
	 * @return whether saving the candidate moves forward
	 */
	static boolean isAfter(BinlogPosition candidate, BinlogPosition saved) {
		if (candidate.gtidSet() != null && saved.gtidSet() != null) {
			GtidSet newer = parse(candidate.gtidSet());
			GtidSet older = parse(saved.gtidSet());
			if (!newer.equals(older)) {
				return older.isContainedWithin(newer);
			}
		}
		if (candidate.file().equals(saved.file())) {
			return candidate.position() > saved.position();
		}
		return sequence(candidate.file()) > sequence(saved.file());
	}

	private static GtidSet parse(String gtidSet) {
		return MariadbGtidSet.isMariaGtidSet(gtidSet) ? new MariadbGtidSet(gtidSet) : new GtidSet(gtidSet);
	}

	// mysql-bin.000042 -> 42; files of one server sort by this number
	private static long sequence(String file) {
		int dot = file.lastIndexOf('.');
		try {
			return Long.parseLong(file.substring(dot + 1));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
