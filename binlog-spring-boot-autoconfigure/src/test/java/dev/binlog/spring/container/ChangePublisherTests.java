package dev.binlog.spring.container;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.TransactionCommitEvent;
import dev.binlog.spring.decoding.DecodedRows;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.dispatch.BinlogListenerFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the publisher hands to the listeners: table events, and a commit only after changes.
 */
class ChangePublisherTests {

	private static final BinlogPosition AT = new BinlogPosition("mysql-bin.000001", 500, null);

	private final List<Object> published = new ArrayList<>();

	private final ChangePublisher publisher = new ChangePublisher(this,
			new BinlogEventDispatcher(this.published::add, new BinlogListenerFactory().getRegistry(), false),
			new ContainerStatusHolder());

	@Test
	void aCommitIsPublishedOnlyForTransactionsThatPublishedChanges() {
		this.publisher.commit(AT, Instant.EPOCH, "0-1-1");
		assertThat(this.published).isEmpty();
		this.publisher.publish(rows(), AT, Instant.EPOCH);
		this.publisher.commit(AT, Instant.EPOCH, "0-1-2");
		assertThat(this.published).hasSize(2);
		assertThat(this.published.get(0)).isInstanceOf(TableWriteEvent.class);
		assertThat(this.published.get(1)).isInstanceOfSatisfying(TransactionCommitEvent.class,
				(commit) -> assertThat(commit.getGtid()).isEqualTo("0-1-2"));
		// the next transaction publishes no change
		this.publisher.commit(AT, Instant.EPOCH, "0-1-3");
		assertThat(this.published).hasSize(2);
	}

	@Test
	void aTransactionCutByAReconnectPublishesNoCommitForItsFirstDelivery() {
		this.publisher.publish(rows(), AT, Instant.EPOCH);
		this.publisher.reset();
		this.publisher.commit(AT, Instant.EPOCH, "0-1-1");
		assertThat(this.published).hasSize(1);
	}

	@Test
	void aListenerExceptionComesBackAsAListenerFailureNamingTheEvent() {
		ChangePublisher failing = new ChangePublisher(this, new BinlogEventDispatcher((event) -> {
			throw new IllegalStateException("listener broke");
		}, new BinlogListenerFactory().getRegistry(), false), new ContainerStatusHolder());
		assertThatExceptionOfType(ListenerFailure.class)
			.isThrownBy(() -> failing.publish(rows(), AT, Instant.EPOCH))
			.satisfies((failure) -> assertThat(failure.event()).contains("orders"))
			.withMessage("listener broke");
	}

	private static DecodedRows rows() {
		Row row = Row.of(Row.Layout.of(List.of("id")), new Object[] { 1 });
		return new DecodedRows(Action.WRITE, "shop", "orders", List.of(row), List.of());
	}

}
