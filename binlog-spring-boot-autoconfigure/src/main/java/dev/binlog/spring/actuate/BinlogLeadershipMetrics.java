package dev.binlog.spring.actuate;

import dev.binlog.spring.cluster.BinlogLeadership;
import dev.binlog.spring.cluster.BinlogRole;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the leader election: {@code binlog.cluster.leader} (1 while this instance leads, 0 while it stands by)
 * and {@code binlog.cluster.leadership.changes} (how often it became leader or stood down).
 */
public class BinlogLeadershipMetrics implements MeterBinder {

	private final BinlogLeadership leadership;

	/**
	 * Create the meters' binder.
	 * @param leadership the election of this instance
	 */
	public BinlogLeadershipMetrics(BinlogLeadership leadership) {
		this.leadership = leadership;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("binlog.cluster.leader", this.leadership, (l) -> (l.role() == BinlogRole.LEADER) ? 1 : 0)
			.description("Whether this instance leads the election of its position record (1) or stands by (0)")
			.register(registry);
		FunctionCounter
			.builder("binlog.cluster.leadership.changes", this.leadership, BinlogLeadership::leadershipChanges)
			.description("How often this instance became leader or stood down")
			.register(registry);
	}

}
