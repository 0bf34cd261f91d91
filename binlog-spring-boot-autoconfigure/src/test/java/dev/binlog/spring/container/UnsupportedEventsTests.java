package dev.binlog.spring.container;

import com.github.shyiko.mysql.binlog.event.EventType;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogStreamException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * MySQL-only event forms that cannot be produced by the MariaDB servers of the integration tests.
 */
class UnsupportedEventsTests {

	private final BinlogPosition at = new BinlogPosition("binlog.000007", 1234, null);

	@Test
	void partialJsonUpdatesAreRefusedNamingTheServerSetting() {
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> UnsupportedEvents.check(EventType.PARTIAL_UPDATE_ROWS_EVENT, 100, this.at))
			.withMessageContaining("binlog_row_value_options");
	}

	@Test
	void unknownEventsWithDataAreRefusedAndEmptyOnesPass() {
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> UnsupportedEvents.check(EventType.UNKNOWN, 10, this.at))
			.withMessageContaining("of a type this starter does not know")
			.withMessageNotContaining("log_bin_compress");
		assertThatCode(() -> UnsupportedEvents.check(EventType.UNKNOWN, 0, this.at)).doesNotThrowAnyException();
		assertThatCode(() -> UnsupportedEvents.check(EventType.HEARTBEAT, 10, this.at)).doesNotThrowAnyException();
	}

}
