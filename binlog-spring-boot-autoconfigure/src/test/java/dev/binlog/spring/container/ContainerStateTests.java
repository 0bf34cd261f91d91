package dev.binlog.spring.container;

import java.time.Duration;

import dev.binlog.spring.connection.BinlogStreamException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The container's state moves only along legal transitions, and its settings check themselves.
 */
class ContainerStateTests {

	private final ContainerStatusHolder status = new ContainerStatusHolder();

	@Test
	void aStoppedContainerOnlyStarts() {
		assertThat(this.status.moveTo(ContainerState.STREAMING)).isFalse();
		assertThat(this.status.moveTo(ContainerState.RECONNECTING)).isFalse();
		assertThat(this.status.state()).isEqualTo(ContainerState.STOPPED);
		assertThat(this.status.starting()).isTrue();
		assertThat(this.status.starting()).isFalse();
		assertThat(this.status.moveTo(ContainerState.STREAMING)).isTrue();
		assertThat(this.status.isRunning()).isTrue();
	}

	@Test
	void aLateEventAfterStopDoesNotRestartTheState() {
		this.status.starting();
		this.status.moveTo(ContainerState.STREAMING);
		assertThat(this.status.moveTo(ContainerState.STOPPED)).isTrue();
		// the binlog thread reports a connection after the container was stopped
		assertThat(this.status.moveTo(ContainerState.STREAMING)).isFalse();
		assertThat(this.status.state()).isEqualTo(ContainerState.STOPPED);
	}

	@Test
	void aFailureStaysVisibleUntilTheNextStart() {
		this.status.starting();
		IllegalStateException first = new IllegalStateException("first");
		assertThat(this.status.fail(first)).isTrue();
		assertThat(this.status.fail(new IllegalStateException("second"))).isFalse();
		assertThat(this.status.moveTo(ContainerState.STOPPED)).isFalse();
		assertThat(this.status.moveTo(ContainerState.RECONNECTING)).isFalse();
		assertThat(this.status.state()).isEqualTo(ContainerState.FAILED);
		assertThat(this.status.failure()).isSameAs(first);
		assertThat(this.status.starting()).isTrue();
		assertThat(this.status.failure()).isNull();
	}

	@Test
	void whileReconnectingTheLastErrorSaysWhatWasObserved() {
		this.status.starting();
		this.status.moveTo(ContainerState.RECONNECTING);
		this.status.connectionProblem("Binlog connection to db:3306 failed: java.io.EOFException");
		assertThat(this.status.lastError()).endsWith("java.io.EOFException");
		// back: the problem is over
		this.status.connectionProblem(null);
		assertThat(this.status.lastError()).isNull();
		// a failure wins over a connection problem
		this.status.connectionProblem("Binlog connection to db:3306 failed: java.io.EOFException");
		this.status.fail(new IllegalStateException("stopped for good"));
		assertThat(this.status.lastError()).isEqualTo("stopped for good");
	}

	@Test
	void settingsRefuseAKeepAliveIntervalNotLongerThanTheHeartbeat() {
		ContainerSettings defaults = ContainerSettings.of(7);
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> new ContainerSettings(7, defaults.connectTimeout(), Duration.ofSeconds(30),
					Duration.ofSeconds(30), defaults.shutdownTimeout(), defaults.reconnectGiveUpAfter(), defaults.startPosition(),
					defaults.include(), defaults.exclude(), true, defaults.decoding(), "default",
					defaults.saveInterval(), defaults.onMissingPosition(), true, defaults.listenerFailure()))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("binlog.keep-alive-interval")
				.contains("binlog.heartbeat-interval"));
	}

}
