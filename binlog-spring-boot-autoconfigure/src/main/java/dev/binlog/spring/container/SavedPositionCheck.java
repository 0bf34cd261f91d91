package dev.binlog.spring.container;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.GtidSets;

/**
 * The check of a position read back from the store: it is used to start the stream, so one that names no real
 * place must stop the start with what to do.
 */
final class SavedPositionCheck {

	private SavedPositionCheck() {
	}

	/**
	 * Fail unless a saved position names a real place; one that does not would replay a whole file or fail deep
	 * inside the binlog client.
	 * @param saved the saved position
	 * @param record the record, for the message
	 */
	static void check(BinlogPosition saved, String record) {
		String problem = null;
		if (saved.gtidSet() == null && saved.file().isBlank()) {
			problem = "it has neither a binlog file nor a GTID set";
		}
		else if (saved.gtidSet() == null && saved.position() < 4) {
			problem = "offset " + saved.position() + " lies before the first event of a binlog file (4)";
		}
		else if (saved.gtidSet() != null && !GtidSets.isValid(saved.gtidSet())) {
			problem = "its GTID set '" + saved.gtidSet() + "' does not parse";
		}
		if (problem != null) {
			throw new BinlogStreamException("The saved binlog position record " + record + " is not a position the "
					+ "stream can continue from: " + problem + " (" + saved + ").",
					"Correct the record, or delete it and set binlog.start-position to where the stream should start; "
							+ "changes between the lost position and the new start are not delivered.");
		}
	}

}
