package dev.binlog.spring.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule of {@code @BinlogListener(changed = ...)}, on row images built in memory.
 */
class ChangedColumnsTests {

	private static final Row.Layout FULL = Row.Layout.of(List.of("id", "status", "payload"));

	private static final BinlogPosition AT = new BinlogPosition("mysql-bin.000001", 100, null);

	@Test
	void aNamedColumnWithAnotherValueIsAChange() {
		assertThat(ChangedColumns.changed(update(row(1, "new", "a"), row(1, "paid", "a")), Set.of("status"))).isTrue();
	}

	@Test
	void otherColumnsChangingIsNoChange() {
		assertThat(ChangedColumns.changed(update(row(1, "new", "a"), row(1, "new", "b")), Set.of("status"))).isFalse();
	}

	@Test
	void equalByteArraysAreNoChange() {
		RowChange change = update(row(1, "new", new byte[] { 1 }), row(1, "new", new byte[] { 1 }));
		assertThat(ChangedColumns.changed(change, Set.of("payload"))).isFalse();
	}

	@Test
	void aColumnOnlyTheAfterImageCarriesMayHaveChangedAndCounts() {
		// binlog_row_image=MINIMAL: the before image holds the key, the after image what the statement set
		Row before = Row.of(Row.Layout.of(List.of("id")), new Object[] { 1 });
		Row after = Row.of(Row.Layout.of(List.of("status")), new Object[] { "new" });
		assertThat(ChangedColumns.changed(update(before, after), Set.of("status"))).isTrue();
		assertThat(ChangedColumns.changed(update(before, after), Set.of("payload"))).isFalse();
	}

	@Test
	void aTableUpdateEventKeepsOnlyTheRowsInWhichANamedColumnChanged() {
		RowChange status = update(row(1, "new", "a"), row(1, "paid", "a"));
		RowChange payload = update(row(2, "new", "a"), row(2, "new", "b"));
		TableUpdateEvent event = new TableUpdateEvent(this, AT, Instant.EPOCH, "shop", "orders",
				List.of(status, payload));
		TableUpdateEvent selected = (TableUpdateEvent) ChangedColumns.select(event, Set.of("status"));
		assertThat(selected.getRows()).containsExactly(status);
		assertThat(selected.getPosition()).isEqualTo(AT);
		assertThat(ChangedColumns.select(event, Set.of("id"))).isNull();
	}

	@Test
	void insertsAndRowUpdatesWithoutAChangeAreTreatedByAction() {
		TableWriteEvent write = new TableWriteEvent(this, AT, Instant.EPOCH, "shop", "orders",
				List.of(row(1, "new", "a")));
		assertThat(ChangedColumns.select(write, Set.of("status"))).isSameAs(write);
		RowChangeEvent unchanged = new RowChangeEvent(this, AT, Instant.EPOCH, "shop", "orders",
				update(row(1, "new", "a"), row(1, "new", "b")));
		assertThat(ChangedColumns.select(unchanged, Set.of("status"))).isNull();
	}

	private static Row row(Object... values) {
		return Row.of(FULL, values);
	}

	private static RowChange update(Row before, Row after) {
		return new RowChange(Action.UPDATE, before, after);
	}

}
