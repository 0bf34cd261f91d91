package dev.binlog.spring.decoding;

import java.util.ArrayList;
import java.util.List;

import dev.binlog.spring.BinlogPosition;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the bound of {@link SchemaChangeLog}: it reads at most 200,000 events of the binary log ahead of the
 * stream and refuses a longer stretch with a message saying what to do, rather than reading on.
 */
class SchemaChangeLogTests {

	private static final String FILE = "mysql-bin.000001";

	// the stream's event ends at 4; every event of the binary log is 10 bytes long
	private static final BinlogPosition AFTER = new BinlogPosition(FILE, 4, null);

	@Test
	void binlogOf200000EventsAheadIsReadToTheEnd() {
		BinaryLog log = new BinaryLog(200_000);
		assertThat(new SchemaChangeLog(log).firstChangeAfter(AFTER, "shop", "orders")).isNull();
		assertThat(log.eventsListed).isEqualTo(200_000);
	}

	@Test
	void binlogOfMoreThan200000EventsAheadStopsTheStreamAsTooManyToCheck() {
		BinaryLog log = new BinaryLog(200_001);
		assertThatExceptionOfType(TableLayoutMismatchException.class)
			.isThrownBy(() -> new SchemaChangeLog(log).firstChangeAfter(AFTER, "shop", "orders"))
			.withMessageContaining("Cannot name the columns of shop.orders at " + AFTER)
			.withMessageContaining("holds more than 200000 events, too many to check")
			.withMessageContaining("binlog_row_metadata=FULL")
			.withMessageContaining("binlog.start-position")
			.withMessageContaining("binlog.exclude");
		assertThat(log.eventsListed).as("events read before giving up").isLessThanOrEqualTo(205_000);
	}

	/**
	 * One binary log file of row events, as {@code SHOW MASTER STATUS} and {@code SHOW BINLOG EVENTS} show it: the
	 * bound is a rule on how far the starter reads, which needs no server to state.
	 */
	private static final class BinaryLog extends JdbcTemplate {

		private final int events;

		private int eventsListed;

		BinaryLog(int events) {
			this.events = events;
		}

		private long end() {
			return 4 + 10L * this.events;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T query(String sql, ResultSetExtractor<T> extractor) {
			assertThat(sql).isEqualTo("SHOW MASTER STATUS");
			return (T) new BinlogPosition(FILE, end(), null);
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> List<T> query(String sql, RowMapper<T> mapper) {
			// SHOW BINLOG EVENTS IN 'file' FROM offset LIMIT n
			String[] words = sql.split(" ");
			assertThat(words[0] + " " + words[1] + " " + words[2]).isEqualTo("SHOW BINLOG EVENTS");
			long from = Long.parseLong(words[words.length - 3]);
			int limit = Integer.parseInt(words[words.length - 1]);
			List<String[]> page = new ArrayList<>();
			for (long end = from + 10; end <= end() && page.size() < limit; end += 10) {
				page.add(new String[] { "Write_rows_v1", Long.toString(end), "table_id: 1 flags: STMT_END_F" });
			}
			this.eventsListed += page.size();
			return (List<T>) page;
		}

	}

}
