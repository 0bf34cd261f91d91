package dev.binlog.spring.container;

import java.util.HashMap;
import java.util.Map;

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
		if (candidate.gtidSet() != null && saved.gtidSet() != null && MariadbGtidSet.isMariaGtidSet(saved.gtidSet())
				&& MariadbGtidSet.isMariaGtidSet(candidate.gtidSet())) {
			return mariaDbAfter(sequences(candidate.gtidSet()), sequences(saved.gtidSet()));
		}
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

	/**
	 * Return whether a committed position has reached a target position: the same place or after it.
	 * @param committed the committed position
	 * @param target the position to reach
	 * @return whether every transaction before the target is behind the committed position
	 */
	static boolean reached(BinlogPosition committed, BinlogPosition target) {
		if (committed.file().equals(target.file()) && committed.position() >= target.position()) {
			return true;
		}
		return committed.equals(target) || isAfter(committed, target);
	}

	/**
	 * Return whether a committed position includes a transaction.
	 * @param committed the committed position
	 * @param gtid the transaction's GTID ({@code 0-1-42} on MariaDB, {@code uuid:42} on MySQL)
	 * @return whether the transaction lies behind the committed position
	 */
	static boolean includes(BinlogPosition committed, String gtid) {
		String set = committed.gtidSet();
		if (set == null) {
			return false;
		}
		if (MariadbGtidSet.isMariaGtidSet(gtid.trim())) {
			Map<Long, Long> wanted = sequences(gtid);
			Map<Long, Long> have = sequences(set);
			return wanted.entrySet()
				.stream()
				.allMatch((domain) -> have.getOrDefault(domain.getKey(), -1L) >= domain.getValue());
		}
		return new GtidSet(gtid.trim()).isContainedWithin(new GtidSet(set));
	}

	// MariaDB orders the transactions of a domain by sequence number whichever server wrote them, so after a
	// failover 0-2-101 follows 0-1-100 (the connector's containment check compares per domain and server)
	private static boolean mariaDbAfter(Map<Long, Long> candidate, Map<Long, Long> saved) {
		boolean moved = false;
		for (Map.Entry<Long, Long> domain : saved.entrySet()) {
			Long sequence = candidate.get(domain.getKey());
			if (sequence == null || sequence < domain.getValue()) {
				return false;
			}
			moved |= sequence > domain.getValue();
		}
		return moved || candidate.size() > saved.size();
	}

	// "0-1-100,1-1-7" -> {0=100, 1=7}
	private static Map<Long, Long> sequences(String gtidSet) {
		Map<Long, Long> sequences = new HashMap<>();
		for (String gtid : gtidSet.split(",")) {
			String[] parts = gtid.trim().split("-");
			if (parts.length == 3) {
				sequences.merge(Long.parseLong(parts[0]), Long.parseLong(parts[2]), Math::max);
			}
		}
		return sequences;
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
