package dev.binlog.benchmarks;

/**
 * A place in the binary log: {@code SHOW MASTER STATUS} and {@code @@gtid_binlog_pos} at one moment.
 *
 * @param file the binlog file
 * @param position the offset in it
 * @param gtid the GTID position, may be empty
 */
record BinlogMark(String file, long position, String gtid) {

	/** As {@code binlog.start-position} takes it. */
	String startPosition() {
		return this.file + ":" + this.position;
	}

	@Override
	public String toString() {
		return this.file + ":" + this.position + " (GTID " + this.gtid + ")";
	}

}
