package dev.binlog.spring.container;

import java.util.Objects;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogClientFactory;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.StartPosition;

/**
 * Turns a configured or requested start position into the position it names on the server now.
 */
final class StartPositions {

	private StartPositions() {
	}

	/**
	 * Return the position a start position names on the server now.
	 * @param start the start position
	 * @param server the server
	 * @param clients builds the clients that read the binlog to find a point in time
	 * @param mariaDb whether the server is MariaDB
	 * @return the position
	 * @throws BinlogStreamException when a point in time lies outside the binlog the server has
	 */
	static BinlogPosition resolve(StartPosition start, BinlogServer server, BinlogClientFactory clients,
			boolean mariaDb) {
		return switch (start.mode()) {
			case LATEST -> server.currentPosition(mariaDb);
			case EARLIEST -> server.earliestPosition();
			case FILE_POSITION -> new BinlogPosition(Objects.requireNonNull(start.file()), start.position(), null);
			// the file is only a placeholder: the GTID set decides where the server starts
			case GTID -> new BinlogPosition("", 4, start.gtidSet());
			case TIME -> new PointInTimeSearch(server, clients).find(Objects.requireNonNull(start.time()));
		};
	}

	/**
	 * Check that the server can stream from a position given by file and offset; a position given by GTID set is
	 * the server's to find.
	 * @param position the position
	 * @param server the server
	 * @param clients tells whether the position is streamed from by GTID
	 * @param what what named the position, for the message
	 * @return the position
	 * @throws BinlogStreamException naming {@code what} when the file is gone or the offset is no event's start
	 */
	static BinlogPosition checked(BinlogPosition position, BinlogServer server, BinlogClientFactory clients,
			String what) {
		if (!clients.startsByGtid(position)) {
			// an offset inside an event would otherwise be reported as a purged binlog or a full disk
			server.checkStartPosition(position, what);
		}
		return position;
	}

}
