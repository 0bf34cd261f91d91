package dev.binlog.benchmarks;

import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.TableChangeEvent;

import org.springframework.context.event.EventListener;

/**
 * The listeners of the starter variants. Each counts rows into the application's {@link Probe}.
 */
final class Listeners {

	private Listeners() {
	}

	/** Variant 2: one listener of every table event. */
	static class TableEvents {

		private final Probe probe;

		TableEvents(Probe probe) {
			this.probe = probe;
		}

		@EventListener
		void on(TableChangeEvent event) {
			this.probe.add(event.getChanges().size());
		}

	}

	/** Variant 3: one listener of every row event. */
	static class RowEvents {

		private final Probe probe;

		RowEvents(Probe probe) {
			this.probe = probe;
		}

		@EventListener
		void on(RowChangeEvent event) {
			this.probe.add(1);
		}

	}

}
