package dev.binlog.spring.snapshot;

import dev.binlog.spring.BinlogPosition;

/**
 * Orders binlog positions of one server by file and offset, the only order a consistent snapshot's watermark has
 * (MariaDB reports no GTID for it).
 */
final class Watermarks {

	private Watermarks() {
	}

	/**
	 * Return whether a position lies strictly after another.
	 * @param position a position
	 * @param other another position of the same server
	 * @return whether {@code position} is later
	 */
	static boolean isAfter(BinlogPosition position, BinlogPosition other) {
		long file = sequence(position.file());
		long otherFile = sequence(other.file());
		return (file != otherFile) ? file > otherFile : position.position() > other.position();
	}

	// mariadb-bin.000042 -> 42
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
