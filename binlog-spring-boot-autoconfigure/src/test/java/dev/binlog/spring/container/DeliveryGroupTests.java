package dev.binlog.spring.container;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The bounds of a group of binlog transactions delivered in one database transaction.
 */
class DeliveryGroupTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	@Test
	void groupBelowBothBoundsIsNotFull() {
		DeliveryGroup group = new DeliveryGroup(100, Duration.ofSeconds(1));
		group.open(0);
		group.added(99);
		assertThat(group.isFull(SECOND - 1)).isFalse();
	}

	@Test
	void groupIsFullOnceItHoldsMaxRows() {
		DeliveryGroup group = new DeliveryGroup(100, Duration.ofSeconds(1));
		group.open(0);
		group.added(60);
		group.added(40);
		assertThat(group.isFull(1)).isTrue();
	}

	@Test
	void oneTransactionLargerThanMaxRowsIsAGroupOfItsOwn() {
		DeliveryGroup group = new DeliveryGroup(100, Duration.ofSeconds(1));
		group.open(0);
		group.added(5000);
		assertThat(group.isFull(1)).isTrue();
		assertThat(group.rows()).isEqualTo(5000);
	}

	@Test
	void groupIsFullOnceOpenForMaxDuration() {
		DeliveryGroup group = new DeliveryGroup(100, Duration.ofSeconds(1));
		group.open(5 * SECOND);
		group.added(1);
		assertThat(group.isFull(6 * SECOND - 1)).isFalse();
		assertThat(group.isFull(6 * SECOND)).isTrue();
	}

	@Test
	void maxRowsOfOneCommitsEveryTransactionOnItsOwn() {
		DeliveryGroup group = new DeliveryGroup(1, Duration.ofHours(1));
		group.open(0);
		group.added(1);
		assertThat(group.isFull(0)).isTrue();
	}

	@Test
	void closedGroupIsNeverFullAndAReopenedOneStartsEmpty() {
		DeliveryGroup group = new DeliveryGroup(10, Duration.ZERO);
		group.open(0);
		group.added(10);
		group.close();
		assertThat(group.isOpen()).isFalse();
		assertThat(group.isFull(SECOND)).isFalse();
		group.open(SECOND);
		assertThat(group.rows()).isZero();
	}

	@Test
	void maxRowsBelowOneIsRefusedNamingTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DeliveryGroup(0, Duration.ofSeconds(1)))
			.withMessageContaining("binlog.delivery.group.max-rows");
	}

}
