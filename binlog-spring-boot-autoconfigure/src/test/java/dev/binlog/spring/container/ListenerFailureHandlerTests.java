package dev.binlog.spring.container;

import java.time.Duration;

import dev.binlog.spring.BinlogPosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener failure policy: how many deliveries a failing transaction gets, what a skip and a stop do.
 */
class ListenerFailureHandlerTests {

	private static final BinlogPosition BOUNDARY = new BinlogPosition("mysql-bin.000001", 400, "0-1-10");

	private final ContainerStatusHolder status = new ContainerStatusHolder();

	@Test
	void theThirdFailureOnOneBoundaryStops() {
		ListenerFailureHandler handler = handler(ListenerFailureAction.RETRY);
		assertThat(handler.handle(failure(), BOUNDARY))
			.isEqualTo(new ListenerFailureHandler.Decision.Redeliver(Duration.ofSeconds(1)));
		assertThat(handler.handle(failure(), BOUNDARY))
			.isEqualTo(new ListenerFailureHandler.Decision.Redeliver(Duration.ofSeconds(2)));
		ListenerFailureHandler.Decision third = handler.handle(failure(), BOUNDARY);
		assertThat(third).isInstanceOf(ListenerFailureHandler.Decision.Stop.class);
		assertThat(((ListenerFailureHandler.Decision.Stop) third).cause()).isInstanceOf(ListenerFailedException.class)
			.hasMessageContaining("failed 3 times")
			.hasMessageContaining(BOUNDARY.toString())
			.hasRootCauseMessage("listener broke");
		assertThat(this.status.listenerFailures()).isEqualTo(3);
		assertThat(this.status.skippedEvents()).isZero();
	}

	@Test
	void attemptsAreCountedPerBoundary() {
		ListenerFailureHandler handler = handler(ListenerFailureAction.RETRY);
		handler.handle(failure(), BOUNDARY);
		handler.handle(failure(), BOUNDARY);
		// the transaction went through on the third delivery; the next one fails on its own boundary
		BinlogPosition next = new BinlogPosition("mysql-bin.000001", 900, "0-1-11");
		assertThat(handler.handle(failure(), next))
			.isEqualTo(new ListenerFailureHandler.Decision.Redeliver(Duration.ofSeconds(1)));
	}

	@Test
	void aSkipIsCountedAndMovesOn() {
		ListenerFailureHandler handler = handler(ListenerFailureAction.SKIP);
		for (int i = 0; i < 5; i++) {
			assertThat(handler.handle(failure(), BOUNDARY)).isEqualTo(new ListenerFailureHandler.Decision.Skip());
		}
		assertThat(this.status.skippedEvents()).isEqualTo(5);
		assertThat(this.status.listenerFailures()).isEqualTo(5);
	}

	@Test
	void stopStopsAtTheFirstFailureWithTheListenersException() {
		ListenerFailureHandler handler = handler(ListenerFailureAction.STOP);
		ListenerFailureHandler.Decision decision = handler.handle(failure(), BOUNDARY);
		assertThat(decision).isInstanceOf(ListenerFailureHandler.Decision.Stop.class);
		assertThat(((ListenerFailureHandler.Decision.Stop) decision).cause()).hasMessage("listener broke");
	}

	@Test
	void theBackoffDoublesAndIsBounded() {
		ListenerFailurePolicy policy = new ListenerFailurePolicy(ListenerFailureAction.RETRY, 100,
				Duration.ofMillis(10));
		assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofMillis(10));
		assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofMillis(80));
		assertThat(policy.backoffAfter(50)).isEqualTo(Duration.ofMillis(10 * 1024));
		assertThat(new ListenerFailurePolicy(ListenerFailureAction.RETRY, 0, Duration.ZERO).maxAttempts()).isOne();
	}

	private ListenerFailureHandler handler(ListenerFailureAction action) {
		return new ListenerFailureHandler(new ListenerFailurePolicy(action, 3, Duration.ofSeconds(1)), this.status);
	}

	private static ListenerFailure failure() {
		return new ListenerFailure("TableWriteEvent[shop.orders]", new IllegalStateException("listener broke"));
	}

}
