package dev.binlog.spring.container;

import com.github.shyiko.mysql.binlog.event.EventType;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogStreamException;

/**
 * Events that carry row changes this starter cannot decode. Skipping them would lose changes silently, so each
 * stops the stream with a message naming the server setting that avoids it.
 */
final class UnsupportedEvents {

	private UnsupportedEvents() {
	}

	/**
	 * Stop on an event that may carry changes the starter cannot read.
	 * @param type the event type
	 * @param dataLength the length of the event's data
	 * @param at the position just after the event
	 * @throws BinlogStreamException for every event that can carry changes
	 */
	static void check(EventType type, long dataLength, BinlogPosition at) {
		switch (type) {
			case PARTIAL_UPDATE_ROWS_EVENT -> throw new BinlogStreamException("The server writes partial JSON "
					+ "updates (PARTIAL_UPDATE_ROWS event before " + at + "), which carry no full row image.",
					"Set binlog_row_value_options='' (the default) on the server.");
			case PRE_GA_WRITE_ROWS, PRE_GA_UPDATE_ROWS, PRE_GA_DELETE_ROWS -> throw new BinlogStreamException(
					"The binary log holds rows events in the pre-GA MySQL 5.1 format (before " + at + ").",
					"Start after them with binlog.start-position.");
			case UNKNOWN -> {
				if (dataLength > 0) {
					// MariaDB's compressed events are read as their ordinary types (decoding.MariadbCompressedEvents)
					throw new BinlogStreamException("The binary log holds an event of a type this starter does not "
							+ "know (before " + at + "); skipping it could lose changes.",
							"Upgrade the starter to a version that reads this event type.");
				}
			}
			default -> {
				// every other type is handled or carries no row data
			}
		}
	}

}
