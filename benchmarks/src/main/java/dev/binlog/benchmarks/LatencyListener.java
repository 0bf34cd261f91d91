package dev.binlog.benchmarks;

import dev.binlog.spring.Row;
import dev.binlog.spring.TableChangeEvent;

import org.springframework.context.event.EventListener;

/**
 * The latency mode's listener: notes when each writer transaction's rows arrive. The rows of one binlog rows event
 * all belong to one transaction, so the first row names it.
 */
class LatencyListener {

	private final LatencyRecorder recorder;

	LatencyListener(LatencyRecorder recorder) {
		this.recorder = recorder;
	}

	@EventListener
	void on(TableChangeEvent event) {
		if (event.getTable().equals(LatencyBenchmark.TABLE)) {
			Row first = event.getChanges().get(0).row();
			this.recorder.seen(first.getInteger("txn"), event.getChanges().size());
		}
	}

}
