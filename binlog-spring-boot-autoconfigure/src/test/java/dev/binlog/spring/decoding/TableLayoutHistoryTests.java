package dev.binlog.spring.decoding;

import java.util.List;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.binlog.spring.BinlogPosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TableLayoutHistory}: each layout is found for the stretch of the binary log it is right for.
 */
class TableLayoutHistoryTests {

	private final TableLayoutHistory history = new TableLayoutHistory();

	@Test
	void layoutIsFoundFromItsEventUntilAStatementChangesItsTable() {
		TableMetadata layout = layout("t");
		this.history.add(tableMap("t", ColumnType.LONG), at(100), layout);
		this.history.changed(DdlStatement.parse("shop", "ALTER TABLE t RENAME COLUMN a TO b"), at(500));
		assertThat(this.history.find(tableMap("t", ColumnType.LONG), at(99))).isNull();
		assertThat(this.history.find(tableMap("t", ColumnType.LONG), at(100))).isSameAs(layout);
		assertThat(this.history.find(tableMap("t", ColumnType.LONG), at(400))).isSameAs(layout);
		assertThat(this.history.find(tableMap("t", ColumnType.LONG), at(600))).isNull();
	}

	@Test
	void statementOnAnotherTableKeepsTheLayout() {
		TableMetadata layout = layout("t");
		this.history.add(tableMap("t", ColumnType.LONG), at(100), layout);
		this.history.changed(DdlStatement.parse("shop", "ALTER TABLE other ADD x INT"), at(500));
		assertThat(this.history.find(tableMap("t", ColumnType.LONG), at(600))).isSameAs(layout);
	}

	@Test
	void statementOnNoKnownTableEndsEveryLayout() {
		this.history.add(tableMap("t", ColumnType.LONG), at(100), layout("t"));
		this.history.changed(DdlStatement.parse(null, "ALTER TABLE t ADD x INT"), at(500));
		assertThat(this.history.find(tableMap("t", ColumnType.LONG), at(600))).isNull();
	}

	@Test
	void streamGoingBackFindsTheOlderLayout() {
		TableMetadata before = layout("t");
		TableMetadata after = layout("t");
		this.history.add(tableMap("t", ColumnType.LONG), at(100), before);
		this.history.changed(DdlStatement.parse("shop", "ALTER TABLE t RENAME COLUMN a TO b"), at(500));
		this.history.add(tableMap("t", ColumnType.LONG), at(600), after);
		assertThat(this.history.find(tableMap("t", ColumnType.LONG), at(200))).isSameAs(before);
		assertThat(this.history.find(tableMap("t", ColumnType.LONG), at(700))).isSameAs(after);
	}

	@Test
	void eventWithOtherColumnTypesFindsNoLayout() {
		this.history.add(tableMap("t", ColumnType.LONG), at(100), layout("t"));
		assertThat(this.history.find(tableMap("t", ColumnType.VARCHAR), at(200))).isNull();
	}

	@Test
	void positionsCompareByFileSequenceNumberThenOffset() {
		assertThat(TableLayoutHistory.compare(new BinlogPosition("mysql-bin.999999", 900, null),
				new BinlogPosition("mysql-bin.1000000", 4, null))).isNegative();
		assertThat(TableLayoutHistory.compare(at(5), at(40))).isNegative();
		assertThat(TableLayoutHistory.compare(at(40), new BinlogPosition("mysql-bin.000001", 40, "0-1-5"))).isZero();
	}

	private static BinlogPosition at(long offset) {
		return new BinlogPosition("mysql-bin.000001", offset, null);
	}

	private static TableMapEventData tableMap(String table, ColumnType type) {
		TableMapEventData tableMap = new TableMapEventData();
		tableMap.setDatabase("shop");
		tableMap.setTable(table);
		tableMap.setColumnTypes(new byte[] { (byte) type.getCode() });
		tableMap.setColumnMetadata(new int[] { 0 });
		return tableMap;
	}

	private static TableMetadata layout(String table) {
		return new TableMetadata("shop", table,
				List.of(new ColumnMetadata("a", ColumnType.LONG, 0, false, null, List.of())),
				TableMetadata.Source.INFORMATION_SCHEMA);
	}

}
