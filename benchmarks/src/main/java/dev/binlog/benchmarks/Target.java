package dev.binlog.benchmarks;

import java.time.Duration;

/**
 * What one measured run reads: the server, the binlog user, where to start and how many rows to wait for.
 *
 * @param host the server's host
 * @param port the server's port
 * @param username the binlog user
 * @param password its password
 * @param adminUsername a user that may create tables in {@code bench} (for the JDBC position store)
 * @param adminPassword its password
 * @param start where the rows begin
 * @param rows how many row changes to wait for
 * @param timeout how long to wait for them
 */
record Target(String host, int port, String username, String password, String adminUsername, String adminPassword,
		BinlogMark start, long rows, Duration timeout) {

	Target withRows(long rows) {
		return new Target(this.host, this.port, this.username, this.password, this.adminUsername, this.adminPassword,
				this.start, rows, this.timeout);
	}

	String jdbcUrl(String database) {
		return "jdbc:mariadb://" + this.host + ":" + this.port + "/" + database;
	}

}
