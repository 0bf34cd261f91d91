package dev.binlog.spring.actuate;

import java.util.concurrent.TimeUnit;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.snapshot.SnapshotProgress;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code binlog.snapshot.*} meters, read from the container's {@link SnapshotProgress}.
 */
final class BinlogSnapshotMeters {

	private BinlogSnapshotMeters() {
	}

	static void bind(BinlogListenerContainer container, MeterRegistry registry) {
		SnapshotProgress progress = container.snapshots().progress();
		FunctionCounter.builder("binlog.snapshot.rows.read", progress, SnapshotProgress::rowsRead)
			.description("Rows read by table snapshots, those the stream's newer version replaced included")
			.register(registry);
		FunctionCounter.builder("binlog.snapshot.tables.done", progress, SnapshotProgress::tablesDone)
			.description("Table snapshots completed")
			.register(registry);
		Gauge.builder("binlog.snapshot.tables.remaining", container, (c) -> c.snapshots().remainingTables())
			.description("Tables waiting for their snapshot or being read")
			.register(registry);
		FunctionTimer
			.builder("binlog.snapshot.chunk.duration", progress, SnapshotProgress::chunks,
					SnapshotProgress::chunkNanos, TimeUnit.NANOSECONDS)
			.description("Time a snapshot chunk takes from the start of its read to its publication")
			.register(registry);
	}

}
