package dev.binlog.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.binlog.spring.Action;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerObserver;
import dev.binlog.spring.container.ContainerStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of a {@link BinlogListenerContainer}, all named {@code binlog.*}. Per-table meters are tagged
 * with schema, table and action; once {@code maxTables} tables have meters, further tables share the tags
 * {@code schema=other, table=other} so that a database with thousands of tables cannot flood the registry.
 */
public class BinlogMetrics implements MeterBinder, ContainerObserver {

	private static final String OTHER = "other";

	private final BinlogListenerContainer container;

	private final int maxTables;

	private final Map<String, TableMeters> tables = new ConcurrentHashMap<>();

	private @Nullable MeterRegistry registry;

	private @Nullable Counter bytesRead;

	private @Nullable Timer lag;

	private @Nullable DistributionSummary transactionRows;

	private @Nullable Timer saves;

	private @Nullable Timer failedSaves;

	/**
	 * Create the meters of a container.
	 * @param container the container
	 * @param maxTables how many tables get meters of their own
	 */
	public BinlogMetrics(BinlogListenerContainer container, int maxTables) {
		this.container = container;
		this.maxTables = maxTables;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		BinlogListenerContainer source = this.container;
		Gauge.builder("binlog.connected", source, (c) -> c.getStatus().connected() ? 1 : 0)
			.description("Whether the binlog connection is open (1) or not (0)")
			.register(registry);
		Gauge.builder("binlog.time.since.last.event", source, BinlogMetrics::secondsSinceLastEvent)
			.description("Seconds since the last binlog event or heartbeat arrived")
			.baseUnit("seconds")
			.register(registry);
		FunctionCounter.builder("binlog.reconnects", source, (c) -> c.getStatus().reconnects())
			.description("Times the binlog connection was re-established")
			.register(registry);
		FunctionCounter.builder("binlog.listener.failures", source, (c) -> c.getStatus().listenerFailures())
			.description("Times a listener threw")
			.register(registry);
		FunctionCounter.builder("binlog.skipped", source, (c) -> c.getStatus().skippedEvents())
			.description("Events skipped by choice (listener-failure action skip, position on-missing)")
			.register(registry);
		BinlogSnapshotMeters.bind(source, registry);
		this.bytesRead = Counter.builder("binlog.bytes.read")
			.description("Bytes of binlog events read")
			.baseUnit("bytes")
			.register(registry);
		this.lag = Timer.builder("binlog.lag")
			.description("Time from a transaction's commit on the server to the end of its delivery to listeners "
					+ "(the server's clock has second precision on MariaDB)")
			.register(registry);
		this.transactionRows = DistributionSummary.builder("binlog.transaction.rows")
			.description("Rows per delivered transaction")
			.register(registry);
		this.saves = Timer.builder("binlog.position.saves")
			.description("Saves of the committed position")
			.tag("result", "success")
			.register(registry);
		this.failedSaves = Timer.builder("binlog.position.saves")
			.description("Saves of the committed position")
			.tag("result", "failure")
			.register(registry);
		this.container.setObserver(this);
	}

	private static double secondsSinceLastEvent(BinlogListenerContainer container) {
		ContainerStatus status = container.getStatus();
		return (status.lastEventTime() != null)
				? Duration.between(status.lastEventTime(), Instant.now()).toMillis() / 1000.0 : Double.NaN;
	}

	@Override
	public void eventRead(long bytes) {
		Counter counter = this.bytesRead;
		if (counter != null) {
			counter.increment(bytes);
		}
	}

	@Override
	public void changesPublished(String schema, String table, Action action, int rows, Duration listenerTime) {
		TableMeters meters = meters(schema, table);
		if (meters != null) {
			meters.record(action, rows, listenerTime);
		}
	}

	@Override
	public void transactionCommitted(int rows, Duration lag) {
		if (this.lag != null && this.transactionRows != null) {
			this.lag.record(lag.isNegative() ? Duration.ZERO : lag);
			this.transactionRows.record(rows);
		}
	}

	@Override
	public void positionSaved(Duration duration, boolean success) {
		Timer timer = success ? this.saves : this.failedSaves;
		if (timer != null) {
			timer.record(duration.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private @Nullable TableMeters meters(String schema, String table) {
		MeterRegistry meterRegistry = this.registry;
		if (meterRegistry == null) {
			return null;
		}
		String key = schema + '.' + table;
		TableMeters meters = this.tables.get(key);
		if (meters == null) {
			boolean own = this.tables.size() < this.maxTables;
			meters = this.tables.computeIfAbsent(own ? key : OTHER + '.' + OTHER,
					(name) -> new TableMeters(meterRegistry, own ? schema : OTHER, own ? table : OTHER));
			if (!own) {
				this.tables.putIfAbsent(key, meters);
			}
		}
		return meters;
	}

	private static final class TableMeters {

		private final Counter[] events = new Counter[Action.values().length];

		private final Counter[] rows = new Counter[Action.values().length];

		private final Timer[] listenerTime = new Timer[Action.values().length];

		TableMeters(MeterRegistry registry, String schema, String table) {
			for (Action action : Action.values()) {
				Tags tags = Tags.of("schema", schema, "table", table, "action", action.name().toLowerCase());
				int i = action.ordinal();
				this.events[i] = Counter.builder("binlog.events")
					.description("Binlog rows events delivered (one table, one action each)")
					.tags(tags)
					.register(registry);
				this.rows[i] = Counter.builder("binlog.rows").description("Rows delivered").tags(tags).register(registry);
				this.listenerTime[i] = Timer.builder("binlog.listener.duration")
					.description("Time the listeners took for one rows event, row-level events included")
					.tags(tags)
					.register(registry);
			}
		}

		void record(Action action, int rows, Duration listenerTime) {
			int i = action.ordinal();
			this.events[i].increment();
			this.rows[i].increment(rows);
			this.listenerTime[i].record(listenerTime.toNanos(), TimeUnit.NANOSECONDS);
		}

	}

}
