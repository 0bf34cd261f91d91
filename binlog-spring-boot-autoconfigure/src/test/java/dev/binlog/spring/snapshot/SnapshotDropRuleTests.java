package dev.binlog.spring.snapshot;

import java.math.BigInteger;
import java.util.List;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.snapshot.SnapshotTable.SnapshotColumn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule that drops a chunk's row when the stream changed its key after the chunk's watermark, without a server:
 * {@link ChangedKeys}, {@link Watermarks} and the key comparison of {@link ChunkReader}.
 */
class SnapshotDropRuleTests {

	private static final SnapshotTable ITEMS = new SnapshotTable("shop", "items",
			List.of(new SnapshotColumn("id", "int", "int(11)", false),
					new SnapshotColumn("v", "varchar", "varchar(10)", true)),
			List.of("id"));

	private static final Row.Layout LAYOUT = ITEMS.layout();

	private static final BinlogPosition WATERMARK = new BinlogPosition("mariadb-bin.000003", 1000, null);

	@Test
	void aKeyChangedAfterTheWatermarkDropsTheChunksRow() {
		ChangedKeys keys = new ChangedKeys(ITEMS);
		keys.changed(update(7, "old", 7, "new"), at("mariadb-bin.000003", 1200));
		assertThat(keys.changedAfter(row(7, "old"), WATERMARK)).isTrue();
		assertThat(keys.changedAfter(row(8, "x"), WATERMARK)).isFalse();
	}

	@Test
	void aKeyChangedAtOrBeforeTheWatermarkKeepsTheChunksRowBecauseTheReadAlreadySawIt() {
		ChangedKeys keys = new ChangedKeys(ITEMS);
		keys.changed(update(7, "old", 7, "new"), at("mariadb-bin.000003", 1000));
		keys.changed(update(8, "old", 8, "new"), at("mariadb-bin.000002", 5000));
		assertThat(keys.changedAfter(row(7, "new"), WATERMARK)).isFalse();
		assertThat(keys.changedAfter(row(8, "new"), WATERMARK)).isFalse();
	}

	@Test
	void theLatestChangeOfAKeyDecides() {
		ChangedKeys keys = new ChangedKeys(ITEMS);
		keys.changed(update(7, "a", 7, "b"), at("mariadb-bin.000003", 900));
		keys.changed(update(7, "b", 7, "c"), at("mariadb-bin.000003", 1100));
		assertThat(keys.changedAfter(row(7, "b"), WATERMARK)).isTrue();
	}

	@Test
	void aPrimaryKeyUpdateDropsTheRowUnderItsOldAndItsNewKey() {
		ChangedKeys keys = new ChangedKeys(ITEMS);
		keys.changed(update(7, "v", 70, "v"), at("mariadb-bin.000004", 4));
		assertThat(keys.changedAfter(row(7, "v"), WATERMARK)).isTrue();
		assertThat(keys.changedAfter(row(70, "v"), WATERMARK)).isTrue();
		assertThat(keys.size()).isEqualTo(2);
	}

	@Test
	void insertsAndDeletesAfterTheWatermarkDropTheirKeys() {
		ChangedKeys keys = new ChangedKeys(ITEMS);
		keys.changed(new RowChange(Action.WRITE, null, row(1, "w")), at("mariadb-bin.000003", 1001));
		keys.changed(new RowChange(Action.DELETE, row(2, "d"), null), at("mariadb-bin.000003", 1002));
		assertThat(keys.changedAfter(row(1, "w"), WATERMARK)).isTrue();
		assertThat(keys.changedAfter(row(2, "d"), WATERMARK)).isTrue();
	}

	@Test
	void keysOfDifferentIntegerWidthsAreTheSameKey() {
		// the stream decodes INT as Integer while JDBC may read a wider type for the same key
		ChangedKeys keys = new ChangedKeys(ITEMS);
		keys.changed(new RowChange(Action.WRITE, null, row(5, "w")), at("mariadb-bin.000003", 1001));
		Row widened = Row.of(LAYOUT, new Object[] { 5L, "w" });
		Row unsigned = Row.of(LAYOUT, new Object[] { BigInteger.valueOf(5), "w" });
		assertThat(keys.changedAfter(widened, WATERMARK)).isTrue();
		assertThat(keys.changedAfter(unsigned, WATERMARK)).isTrue();
	}

	@Test
	void binaryKeysCompareByContent() {
		SnapshotTable table = new SnapshotTable("shop", "blobs",
				List.of(new SnapshotColumn("k", "varbinary", "varbinary(4)", false)), List.of("k"));
		ChangedKeys keys = new ChangedKeys(table);
		keys.changed(new RowChange(Action.WRITE, null, Row.of(table.layout(), new Object[] { new byte[] { 1, 2 } })),
				at("mariadb-bin.000003", 1001));
		assertThat(keys.changedAfter(Row.of(table.layout(), new Object[] { new byte[] { 1, 2 } }), WATERMARK))
			.isTrue();
		assertThat(keys.changedAfter(Row.of(table.layout(), new Object[] { new byte[] { 1, 3 } }), WATERMARK))
			.isFalse();
	}

	@Test
	void aMinimalAfterImageWithoutTheKeyIsRecordedThroughItsBeforeImage() {
		ChangedKeys keys = new ChangedKeys(ITEMS);
		Row after = Row.of(Row.Layout.of(List.of("v")), new Object[] { "new" });
		keys.changed(new RowChange(Action.UPDATE, row(9, "old"), after), at("mariadb-bin.000003", 1001));
		assertThat(keys.changedAfter(row(9, "old"), WATERMARK)).isTrue();
		assertThat(keys.size()).isOne();
	}

	@Test
	void onlyTheChunksTableIsWatched() {
		ChangedKeys keys = new ChangedKeys(ITEMS);
		assertThat(keys.watches("shop", "items")).isTrue();
		assertThat(keys.watches("shop", "orders")).isFalse();
		assertThat(keys.watches("other", "items")).isFalse();
	}

	@Test
	void watermarksOrderByFileSequenceThenOffset() {
		assertThat(Watermarks.isAfter(at("mariadb-bin.000003", 1001), WATERMARK)).isTrue();
		assertThat(Watermarks.isAfter(at("mariadb-bin.000003", 1000), WATERMARK)).isFalse();
		assertThat(Watermarks.isAfter(at("mariadb-bin.000003", 999), WATERMARK)).isFalse();
		// a later file wins over a larger offset, and the sequence is numeric, not text
		assertThat(Watermarks.isAfter(at("mariadb-bin.000004", 4), WATERMARK)).isTrue();
		assertThat(Watermarks.isAfter(at("mariadb-bin.000002", 99_999), WATERMARK)).isFalse();
		assertThat(Watermarks.isAfter(at("mariadb-bin.1000000", 4), at("mariadb-bin.999999", 8))).isTrue();
	}

	@Test
	void keyAfterSpellsATupleComparisonAsIndexRanges() {
		assertThat(ChunkReader.keyAfter(List.of("id"))).isEqualTo("((`id` > ?))");
		assertThat(ChunkReader.keyAfter(List.of("a", "b", "c")))
			.isEqualTo("((`a` > ?) OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c` > ?))");
	}

	@Test
	void keyAfterQuotesBackticksInColumnNames() {
		assertThat(ChunkReader.keyAfter(List.of("we`ird"))).isEqualTo("((`we``ird` > ?))");
	}

	@Test
	void chunkSqlOrdersByTheKeyAndCombinesTheConditionWithTheKeyRange() {
		String sql = ChunkReader.sql(ITEMS, "v <> 'x'", true, 50);
		assertThat(sql).isEqualTo("SELECT `id`, `v`, `id` FROM `shop`.`items` WHERE ((`id` > ?)) AND (v <> 'x') "
				+ "ORDER BY `id` LIMIT 50");
		assertThat(ChunkReader.sql(ITEMS, null, false, 10))
			.isEqualTo("SELECT `id`, `v`, `id` FROM `shop`.`items` ORDER BY `id` LIMIT 10");
	}

	private static BinlogPosition at(String file, long position) {
		return new BinlogPosition(file, position, null);
	}

	private static Row row(Object id, String v) {
		return Row.of(LAYOUT, new Object[] { id, v });
	}

	private static RowChange update(Object idBefore, String before, Object idAfter, String after) {
		return new RowChange(Action.UPDATE, row(idBefore, before), row(idAfter, after));
	}

}
