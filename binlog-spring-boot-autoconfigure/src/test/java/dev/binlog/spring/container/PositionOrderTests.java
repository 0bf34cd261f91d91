package dev.binlog.spring.container;

import dev.binlog.spring.BinlogPosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A saved position only moves forward: by GTID set where both have one, else by file sequence and offset.
 */
class PositionOrderTests {

	@Test
	void laterOffsetAndLaterFileAreAfter() {
		BinlogPosition saved = new BinlogPosition("mysql-bin.000007", 1000, null);
		assertThat(PositionOrder.isAfter(new BinlogPosition("mysql-bin.000007", 1200, null), saved)).isTrue();
		assertThat(PositionOrder.isAfter(new BinlogPosition("mysql-bin.000008", 4, null), saved)).isTrue();
		assertThat(PositionOrder.isAfter(new BinlogPosition("mysql-bin.000007", 1000, null), saved)).isFalse();
		assertThat(PositionOrder.isAfter(new BinlogPosition("mysql-bin.000006", 9999, null), saved)).isFalse();
	}

	@Test
	void gtidSetsDecideEvenAcrossServersWithOtherFiles() {
		BinlogPosition saved = new BinlogPosition("mysql-bin.000042", 5000, "0-1-100");
		// after a failover the new server's files start again at 1 and it writes with its own server id: the
		// domain's sequence number still moved on
		assertThat(PositionOrder.isAfter(new BinlogPosition("replica-bin.000001", 400, "0-2-101"), saved)).isTrue();
		assertThat(PositionOrder.isAfter(new BinlogPosition("replica-bin.000001", 400, "0-1-101"), saved)).isTrue();
		assertThat(PositionOrder.isAfter(new BinlogPosition("mysql-bin.000042", 4000, "0-1-99"), saved)).isFalse();
		assertThat(PositionOrder.isAfter(new BinlogPosition("mysql-bin.000042", 6000, "0-1-100"), saved)).isFalse();
		// a new domain appearing is progress; a domain going back is not, whatever the others do
		assertThat(PositionOrder.isAfter(new BinlogPosition("mysql-bin.000042", 6000, "0-1-100,1-1-1"), saved))
			.isTrue();
		assertThat(PositionOrder.isAfter(new BinlogPosition("mysql-bin.000042", 6000, "0-1-99,1-1-5"),
				new BinlogPosition("mysql-bin.000042", 5000, "0-1-100,1-1-4")))
			.isFalse();
	}

	@Test
	void mysqlGtidSetsCompareByContainment() {
		String uuid = "3E11FA47-71CA-11E1-9E33-C80AA9429562";
		BinlogPosition saved = new BinlogPosition("binlog.000003", 100, uuid + ":1-5");
		assertThat(PositionOrder.isAfter(new BinlogPosition("binlog.000003", 200, uuid + ":1-6"), saved)).isTrue();
		assertThat(PositionOrder.isAfter(new BinlogPosition("binlog.000003", 50, uuid + ":1-4"), saved)).isFalse();
	}

	@Test
	void aTransactionIsIncludedOnceItsDomainSequenceOrItsMysqlGtidIsBehindTheCommittedPosition() {
		BinlogPosition maria = new BinlogPosition("mysql-bin.000002", 400, "0-1-100,1-2-7");
		assertThat(PositionOrder.includes(maria, "0-1-100")).isTrue();
		assertThat(PositionOrder.includes(maria, "0-3-99")).isTrue();
		assertThat(PositionOrder.includes(maria, "0-1-101")).isFalse();
		assertThat(PositionOrder.includes(maria, "2-1-1")).isFalse();
		String uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
		BinlogPosition mysql = new BinlogPosition("binlog.000001", 400, uuid + ":1-10");
		assertThat(PositionOrder.includes(mysql, uuid + ":10")).isTrue();
		assertThat(PositionOrder.includes(mysql, uuid + ":11")).isFalse();
		assertThat(PositionOrder.includes(new BinlogPosition("binlog.000001", 400, null), uuid + ":1")).isFalse();
	}

	@Test
	void aTargetIsReachedAtItsPlaceOrAfterIt() {
		BinlogPosition target = new BinlogPosition("mysql-bin.000002", 400, "0-1-100");
		assertThat(PositionOrder.reached(new BinlogPosition("mysql-bin.000002", 400, "0-1-100"), target)).isTrue();
		assertThat(PositionOrder.reached(new BinlogPosition("mysql-bin.000002", 900, "0-1-101"), target)).isTrue();
		assertThat(PositionOrder.reached(new BinlogPosition("mysql-bin.000003", 4, "0-1-101"), target)).isTrue();
		assertThat(PositionOrder.reached(new BinlogPosition("mysql-bin.000002", 300, "0-1-99"), target)).isFalse();
	}

}
