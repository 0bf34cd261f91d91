package dev.binlog.spring;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A place in the binary log: a file and a byte offset on one server, and, where the server has them, the GTID set
 * that identifies the same place on any server of the replication topology.
 *
 * @param file the binary log file name, such as {@code mysql-bin.000003}
 * @param position the offset in that file of the next event to read
 * @param gtidSet the GTID set executed up to this place, or {@code null} when unknown
 */
public record BinlogPosition(String file, long position, @Nullable String gtidSet) {

	public BinlogPosition {
		Objects.requireNonNull(file, "file");
	}

	/**
	 * Return this position with another GTID set.
	 * @param gtidSet the GTID set
	 * @return a new position
	 */
	public BinlogPosition withGtidSet(@Nullable String gtidSet) {
		return new BinlogPosition(this.file, this.position, gtidSet);
	}

	@Override
	public String toString() {
		return (this.gtidSet != null && !this.gtidSet.isEmpty()) ? this.file + ":" + this.position + " (GTID " + this.gtidSet + ")"
				: this.file + ":" + this.position;
	}

}
