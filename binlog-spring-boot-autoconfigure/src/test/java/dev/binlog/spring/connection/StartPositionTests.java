package dev.binlog.spring.connection;

import java.time.Instant;

import com.github.shyiko.mysql.binlog.GtidSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StartPositionTests {

	@Test
	void parsesEveryForm() {
		assertThat(StartPosition.parse(null)).isEqualTo(StartPosition.LATEST);
		assertThat(StartPosition.parse(" Latest ")).isEqualTo(StartPosition.LATEST);
		assertThat(StartPosition.parse("earliest")).isEqualTo(StartPosition.EARLIEST);
		StartPosition file = StartPosition.parse("mysql-bin.000003:1234");
		assertThat(file.mode()).isEqualTo(StartPosition.Mode.FILE_POSITION);
		assertThat(file.file()).isEqualTo("mysql-bin.000003");
		assertThat(file.position()).isEqualTo(1234);
		StartPosition gtid = StartPosition.parse("gtid:0-1-42,1-1-7");
		assertThat(gtid.mode()).isEqualTo(StartPosition.Mode.GTID);
		assertThat(gtid.gtidSet()).isEqualTo("0-1-42,1-1-7");
		assertThat(StartPosition.parse("gtid:3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5").gtidSet())
			.isEqualTo("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5");
	}

	@Test
	void acceptsAMysqlGtidSetWithTaggedIntervals() {
		String tagged = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-13:mytag:1-3";
		StartPosition gtid = StartPosition.parse("gtid:" + tagged);
		assertThat(gtid.mode()).isEqualTo(StartPosition.Mode.GTID);
		assertThat(gtid.gtidSet()).isEqualTo(tagged);
		// the binlog client is given the set as text: it must read the tag, not drop it
		assertThat(new GtidSet(gtid.gtidSet()).toString()).contains("mytag:1-3");
	}

	@Test
	void parsesAPointInTimeToTheSecond() {
		StartPosition time = StartPosition.parse("time:2026-12-01T08:00:00.750Z");
		assertThat(time.mode()).isEqualTo(StartPosition.Mode.TIME);
		assertThat(time.time()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
		assertThat(time).hasToString("time:2026-12-01T08:00:00Z");
	}

	@Test
	void rejectsATimeThatIsNoInstantSayingSo() {
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> StartPosition.parse("time:2026-12-01 08:00"))
			.satisfies((ex) -> {
				assertThat(ex.getDescription()).contains("'2026-12-01 08:00' is not an ISO-8601 instant");
				assertThat(ex.getAction()).contains("'time:2026-12-01T08:00:00Z'");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "newest", "mysql-bin.000003", "mysql-bin.000003:x", "mysql-bin.000003:2", "gtid:",
			":4", "gtid:abc", "gtid:0-1", "gtid:0-1-42,", "gtid:0-1-x", "gtid:3E11FA47-71CA-11E1:1-5",
			"gtid:3E11FA47-71CA-11E1-9E33-C80AA9429562" })
	void rejectsOtherValuesNamingTheProperty(String value) {
		assertThatExceptionOfType(BinlogStreamException.class).isThrownBy(() -> StartPosition.parse(value))
			.satisfies((ex) -> {
				assertThat(ex.getDescription()).contains("binlog.start-position").contains(value);
				assertThat(ex.getAction()).contains("earliest").contains("gtid:");
			});
	}

	@Test
	void rejectsAGtidSetThatDoesNotParseSayingSo() {
		assertThatExceptionOfType(BinlogStreamException.class).isThrownBy(() -> StartPosition.parse("gtid:0-1-x"))
			.satisfies((ex) -> assertThat(ex.getDescription()).contains("'0-1-x' is not a GTID set"));
	}

	@Test
	void rejectsAnOffsetBeforeTheFirstEventSayingSo() {
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> StartPosition.parse("mysql-bin.000003:2"))
			.satisfies((ex) -> assertThat(ex.getDescription()).contains("offset 2"));
	}

	@Test
	void rejectionNamesWhereThePositionWasGiven() {
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> StartPosition.parse("gtid:zz", "position"))
			.satisfies((ex) -> {
				assertThat(ex.getDescription()).startsWith("Invalid position 'gtid:zz'")
					.doesNotContain("binlog.start-position");
				assertThat(ex.getAction()).startsWith("Set position to");
			});
	}

}
