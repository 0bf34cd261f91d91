package dev.binlog.spring.snapshot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import dev.binlog.spring.snapshot.SnapshotPlan.PlannedTable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The plan of table snapshots and the text it is saved as beside the position.
 */
class SnapshotPlanTests {

	@Test
	void aCheckpointResumesTheTablesLeftAfterTheLastCompletedChunk() throws Exception {
		SnapshotPlan plan = new SnapshotPlan();
		plan.add("shop", "orders", null);
		plan.add("shop", "order lines", "created >= '2026-01-01'\nAND status = 'x y'");
		plan.add("shop", "done", null);
		PlannedTable first = plan.next(0);
		plan.tableDone(first);
		PlannedTable second = plan.next(0);
		plan.chunkDone(second, List.of(42, "k 2"), 1024);

		SnapshotPlan resumed = SnapshotPlan.resume(plan.checkpoint());

		assertThat(resumed.remaining()).isEqualTo(2);
		assertThat(resumed.tablesDone()).isEqualTo(1);
		PlannedTable next = resumed.next(0);
		assertThat(next.schema()).isEqualTo("shop");
		assertThat(next.table()).isEqualTo("order lines");
		assertThat(next.condition()).isEqualTo("created >= '2026-01-01'\nAND status = 'x y'");
		assertThat(next.after()).containsExactly(42L, "k 2");
		assertThat(next.rows()).isEqualTo(1024);
		resumed.tableDone(next);
		PlannedTable last = resumed.next(0);
		assertThat(last.table()).isEqualTo("done");
		assertThat(last.after()).isNull();
	}

	@Test
	void keyValuesKeepTheirTypeAcrossTheCheckpoint() throws Exception {
		SnapshotPlan plan = new SnapshotPlan();
		plan.add("s", "t", null);
		byte[] bytes = { 0, 1, (byte) 0xff, ' ', '\n' };
		plan.chunkDone(plan.next(0), Arrays.asList(new BigInteger("18446744073709551615"), new BigDecimal("-1.50"),
				bytes, Timestamp.valueOf("2026-12-02 03:04:00"), LocalDate.of(2026, 12, 2), "a\tb ~%"), 7);

		List<Object> after = SnapshotPlan.resume(plan.checkpoint()).next(0).after();

		assertThat(after.get(0)).isEqualTo(new BigDecimal("18446744073709551615"));
		assertThat(after.get(1)).isEqualTo(new BigDecimal("-1.50"));
		assertThat((byte[]) after.get(2)).isEqualTo(bytes);
		assertThat(after.get(3)).isEqualTo(LocalDateTime.of(2026, 12, 2, 3, 4, 0));
		assertThat(after.get(4)).isEqualTo(LocalDate.of(2026, 12, 2));
		assertThat(after.get(5)).isEqualTo("a\tb ~%");
	}

	@Test
	void aPlanWithoutTablesLeftHasNoCheckpointAndTakesNoMoreOnceRetired() throws Exception {
		SnapshotPlan plan = new SnapshotPlan();
		plan.add("s", "t", null);
		plan.tableDone(plan.next(0));
		assertThat(plan.checkpoint()).isNull();
		assertThat(plan.next(1)).isNull();
		assertThat(plan.add("s", "u", null)).isFalse();
	}

	@Test
	void theCheckpointsSizeDependsOnTheTablesNotOnTheRowsRead() throws Exception {
		SnapshotPlan plan = new SnapshotPlan();
		plan.add("s", "t", null);
		PlannedTable table = plan.chunkDone(plan.next(0), List.of(1L), 1);
		int small = plan.checkpoint().length();
		plan.chunkDone(table, List.of(999_999_999L), 1_000_000_000L);
		assertThat(plan.checkpoint().length()).isLessThan(small + 20);
	}

	@Test
	void textThatIsNoCheckpointIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SnapshotPlan.resume("{\"tables\": []}"))
			.withMessageContaining("Not a snapshot progress");
	}

}
