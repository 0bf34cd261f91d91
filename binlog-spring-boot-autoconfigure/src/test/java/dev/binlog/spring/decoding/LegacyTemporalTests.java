package dev.binlog.spring.decoding;

import java.util.List;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LegacyTemporal}: the precision of an old-format temporal column comes from
 * {@code information_schema.COLUMNS}; where that no longer shows a temporal column there, the stream stops rather
 * than read the cell with a guessed length.
 */
class LegacyTemporalTests {

	@Test
	void precisionOfAnOldFormatTimeColumnComesFromInformationSchema() {
		TableMapEventData tableMap = tableMap(ColumnType.LONG, ColumnType.TIME);
		new LegacyTemporal(new Columns(-1, 3)).complete(tableMap);
		assertThat(tableMap.getColumnMetadata()).containsExactly(0, 3);
	}

	@Test
	void columnNoLongerTemporalInInformationSchemaStopsTheStream() {
		TableMapEventData tableMap = tableMap(ColumnType.LONG, ColumnType.TIME);
		// the TIME column was changed to a VARCHAR after the event
		assertThatExceptionOfType(TableLayoutMismatchException.class)
			.isThrownBy(() -> new LegacyTemporal(new Columns(-1, -1)).complete(tableMap))
			.withMessageContaining("Cannot read column 2 of shop.t")
			.withMessageContaining("old MariaDB format (mysql56_temporal_format=OFF)")
			.withMessageContaining("binlog.start-position")
			.withMessageContaining("binlog.exclude")
			.withMessageContaining("ALTER TABLE ... FORCE");
	}

	@Test
	void columnGoneFromInformationSchemaStopsTheStream() {
		TableMapEventData tableMap = tableMap(ColumnType.LONG, ColumnType.TIME);
		assertThatExceptionOfType(TableLayoutMismatchException.class)
			.isThrownBy(() -> new LegacyTemporal(new Columns(-1)).complete(tableMap))
			.withMessageContaining("Cannot read column 2 of shop.t");
	}

	private static TableMapEventData tableMap(ColumnType... types) {
		TableMapEventData tableMap = new TableMapEventData();
		tableMap.setDatabase("shop");
		tableMap.setTable("t");
		byte[] codes = new byte[types.length];
		for (int i = 0; i < types.length; i++) {
			codes[i] = (byte) types[i].getCode();
		}
		tableMap.setColumnTypes(codes);
		tableMap.setColumnMetadata(new int[types.length]);
		return tableMap;
	}

	/**
	 * The columns of {@code information_schema.COLUMNS} as the precision query maps them: the precision of a
	 * temporal column, {@code -1} for any other.
	 */
	private static final class Columns extends JdbcTemplate {

		private final int[] precisions;

		Columns(int... precisions) {
			this.precisions = precisions;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
			assertThat(sql).contains("information_schema.COLUMNS");
			assertThat(args).containsExactly("shop", "t");
			return (List<T>) java.util.Arrays.stream(this.precisions).mapToObj((p) -> new int[] { p }).toList();
		}

	}

}
