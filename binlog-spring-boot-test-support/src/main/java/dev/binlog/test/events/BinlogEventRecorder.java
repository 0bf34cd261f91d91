package dev.binlog.test.events;

import java.util.ArrayList;
import java.util.List;

import dev.binlog.spring.BinlogEvent;
import dev.binlog.spring.TableChangeEvent;

import org.springframework.context.ApplicationListener;

/**
 * Keeps every {@link BinlogEvent} the application publishes, in publication (binlog) order. Register it with
 * {@link RecordBinlogEvents} or as a bean. A cached test context keeps one recorder for all tests that share it:
 * {@link #clear()} it where a test needs only its own events.
 */
public class BinlogEventRecorder implements ApplicationListener<BinlogEvent> {

	// written by the binlog thread, read by the test thread
	private final List<BinlogEvent> events = new ArrayList<>();

	@Override
	public void onApplicationEvent(BinlogEvent event) {
		synchronized (this.events) {
			this.events.add(event);
		}
	}

	/**
	 * Return the events recorded so far.
	 * @return a copy, in binlog order
	 */
	public List<BinlogEvent> events() {
		synchronized (this.events) {
			return List.copyOf(this.events);
		}
	}

	/**
	 * Return the row events recorded so far (writes, updates and deletes).
	 * @return a copy, in binlog order
	 */
	public List<TableChangeEvent> tableChanges() {
		List<TableChangeEvent> changes = new ArrayList<>();
		for (BinlogEvent event : events()) {
			if (event instanceof TableChangeEvent change) {
				changes.add(change);
			}
		}
		return changes;
	}

	/**
	 * Forget the events recorded so far.
	 */
	public void clear() {
		synchronized (this.events) {
			this.events.clear();
		}
	}

}
