package dev.binlog.spring.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL 8.4 needs {@code SHOW BINARY LOG STATUS}; older MySQL and every MariaDB {@code SHOW MASTER STATUS}.
 */
class BinlogServerTests {

	@Test
	void versionComparisonPicksTheStatusStatement() {
		assertThat(BinlogServer.isAtLeast("8.4.2", 8, 4)).isTrue();
		assertThat(BinlogServer.isAtLeast("9.1.0-commercial", 8, 4)).isTrue();
		assertThat(BinlogServer.isAtLeast("8.0.36-log", 8, 4)).isFalse();
		assertThat(BinlogServer.isAtLeast("5.7.44", 8, 4)).isFalse();
		assertThat(BinlogServer.isAtLeast("garbage", 8, 4)).isFalse();
	}

}
