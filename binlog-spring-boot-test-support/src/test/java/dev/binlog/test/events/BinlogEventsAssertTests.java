package dev.binlog.test.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableDeleteEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules of the assertions, on hand-made events: no server.
 */
class BinlogEventsAssertTests {

	private static final Row.Layout ORDERS = Row.Layout.of(List.of("id", "status", "total"));

	private static final BinlogPosition AT = new BinlogPosition("mysql-bin.000001", 4, null);

	private final BinlogEventRecorder recorder = recorded();

	@Test
	void passesForWhatWasWrittenUpdatedAndDeletedInOrder() {
		BinlogEventsAssert.assertThat(this.recorder)
			.hasWritten("shop.orders")
			.hasWritten("orders")
			.hasUpdated("shop.orders", "id", 1, "status")
			.hasDeleted("shop.orders", "id", 2)
			.hasChangesInOrder("write@shop.orders", "delete@shop.orders");
	}

	@Test
	void failsForATableNotWritten() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> BinlogEventsAssert.assertThat(this.recorder).hasWritten("shop.customers"))
			.withMessageContaining("Expected a write to shop.customers")
			.withMessageContaining("update@shop.orders");
	}

	@Test
	void failsWhenOtherColumnsChangedThanExpected() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> BinlogEventsAssert.assertThat(this.recorder).hasUpdated("shop.orders", "id", 1L,
					"status", "total"))
			.withMessageContaining("changed [status, total], but its updates changed [[status]]");
	}

	@Test
	void failsForAnUpdateOfAnotherKey() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> BinlogEventsAssert.assertThat(this.recorder).hasUpdated("shop.orders", "id", 2, "status"))
			.withMessageContaining("with id = 2, but there was none");
	}

	@Test
	void failsForChangesInAnotherOrder() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> BinlogEventsAssert.assertThat(this.recorder).hasChangesInOrder("delete@shop.orders",
					"update@shop.orders"))
			.withMessageContaining("update@shop.orders was not found after [delete@shop.orders]");
	}

	@Test
	void clearForgetsRecordedEvents() {
		this.recorder.clear();
		assertThat(this.recorder.events()).isEmpty();
	}

	@Test
	void committedPositionReachesTargetOnlyAtOrAfterIt() {
		BinlogPosition target = new BinlogPosition("mysql-bin.000002", 500, null);
		assertThat(BinlogCatchUp.reached(null, target)).isFalse();
		assertThat(BinlogCatchUp.reached(new BinlogPosition("mysql-bin.000001", 900, null), target)).isFalse();
		assertThat(BinlogCatchUp.reached(new BinlogPosition("mysql-bin.000002", 499, null), target)).isFalse();
		assertThat(BinlogCatchUp.reached(new BinlogPosition("mysql-bin.000002", 500, null), target)).isTrue();
		assertThat(BinlogCatchUp.reached(new BinlogPosition("mysql-bin.000003", 4, null), target)).isTrue();
	}

	private static BinlogEventRecorder recorded() {
		BinlogEventRecorder recorder = new BinlogEventRecorder();
		Row paid = row(1L, "PAID", "42.00");
		recorder.onApplicationEvent(new TableWriteEvent("test", AT, Instant.EPOCH, "shop", "orders",
				List.of(row(1L, "NEW", "42.00"), row(2L, "NEW", "5.25"))));
		recorder.onApplicationEvent(new TableUpdateEvent("test", AT, Instant.EPOCH, "shop", "orders",
				List.of(new RowChange(Action.UPDATE, row(1L, "NEW", "42.00"), paid))));
		recorder.onApplicationEvent(new TableDeleteEvent("test", AT, Instant.EPOCH, "shop", "orders",
				List.of(row(2L, "NEW", "5.25"))));
		return recorder;
	}

	private static Row row(long id, String status, String total) {
		return Row.of(ORDERS, new Object[] { id, status, new BigDecimal(total) });
	}

}
