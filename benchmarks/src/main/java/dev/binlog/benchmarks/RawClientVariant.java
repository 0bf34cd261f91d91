package dev.binlog.benchmarks;

import java.util.concurrent.TimeUnit;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;

/**
 * Variant 1, the ceiling: a plain {@link BinaryLogClient} with its default {@code EventDeserializer}, counting the
 * rows of every rows event. No names, no type conversion beyond the connector's own, no Spring.
 */
final class RawClientVariant implements Variant {

	@Override
	public String name() {
		return "raw";
	}

	@Override
	public String description() {
		return "(1) BinaryLogClient, default EventDeserializer, counting rows of rows events";
	}

	@Override
	public RunResult run(Target target, long serverId) throws Exception {
		Probe probe = new Probe(target.rows());
		BinaryLogClient client = new BinaryLogClient(target.host(), target.port(), target.username(),
				target.password());
		client.setServerId(serverId);
		client.setBinlogFilename(target.start().file());
		client.setBinlogPosition(target.start().position());
		client.setKeepAlive(false);
		client.registerEventListener((event) -> {
			EventData data = event.getData();
			if (data instanceof WriteRowsEventData write) {
				probe.add(write.getRows().size());
			}
			else if (data instanceof UpdateRowsEventData update) {
				probe.add(update.getRows().size());
			}
			else if (data instanceof DeleteRowsEventData delete) {
				probe.add(delete.getRows().size());
			}
		});
		Resources resources = new Resources();
		resources.start();
		long start = System.nanoTime();
		client.connect(10_000);
		try {
			if (!probe.await(target.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("raw: only " + probe.count() + " of " + target.rows() + " rows within "
						+ target.timeout());
			}
			Resources.Usage usage = resources.stop();
			return new RunResult(name(), probe.target(), probe.lastNanos() - start, usage, probe.allocatedBytes(),
					probe.cpuNanos(), probe.lastNanos() - probe.firstNanos(), 0);
		}
		finally {
			client.disconnect();
		}
	}

}
