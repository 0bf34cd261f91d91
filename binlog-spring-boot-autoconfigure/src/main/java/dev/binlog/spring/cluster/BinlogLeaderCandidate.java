package dev.binlog.spring.cluster;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.position.BinlogPositionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;

/**
 * The candidate of one instance in the election of a position record: on grant it claims the record and starts the
 * container from the saved position; on revoke it stops the container, so that nothing more is published once this
 * instance knows it lost the lock. The lock key, the candidate's role, is {@code binlog:} and the record name: each
 * record elects on its own.
 */
public class BinlogLeaderCandidate implements Candidate, BinlogLeadership {

	private static final Log logger = LogFactory.getLog(BinlogLeaderCandidate.class);

	private final BinlogListenerContainer container;

	private final BinlogPositionStore store;

	private final String positionName;

	private final String instanceId;

	private final AtomicLong changes = new AtomicLong();

	private volatile BinlogRole role = BinlogRole.STANDBY;

	private volatile Instant since = Instant.now();

	/**
	 * Create a candidate.
	 * @param container the container it starts and stops
	 * @param store the position store, told which instance owns the record
	 * @param positionName the name of the position record
	 * @param instanceId the identity of this instance, unique among the instances
	 */
	public BinlogLeaderCandidate(BinlogListenerContainer container, BinlogPositionStore store, String positionName,
			String instanceId) {
		this.container = container;
		this.store = store;
		this.positionName = positionName;
		this.instanceId = instanceId;
	}

	@Override
	public String getRole() {
		return "binlog:" + this.positionName;
	}

	@Override
	public String getId() {
		return this.instanceId;
	}

	@Override
	public void onGranted(Context context) {
		logger.info("Instance " + this.instanceId + " is elected to stream binlog position record '"
				+ this.positionName + "'");
		// the claim comes first: from now on a stale leader's save fails, and this instance reads the record after it
		this.store.claim(this.positionName, this.instanceId);
		moveTo(BinlogRole.LEADER);
		this.container.start();
	}

	@Override
	public void onRevoked(Context context) {
		standDown();
	}

	/**
	 * Stop streaming and saving while this instance may still hold the lock, so that its last position is saved
	 * before another instance can be elected.
	 */
	public void standDown() {
		this.container.stop();
		if (this.role == BinlogRole.LEADER) {
			logger.info("Instance " + this.instanceId + " stopped streaming binlog position record '"
					+ this.positionName + "' and stands by");
			moveTo(BinlogRole.STANDBY);
		}
	}

	private void moveTo(BinlogRole next) {
		this.role = next;
		this.since = Instant.now();
		this.changes.incrementAndGet();
	}

	@Override
	public BinlogRole role() {
		return this.role;
	}

	@Override
	public Instant since() {
		return this.since;
	}

	@Override
	public long leadershipChanges() {
		return this.changes.get();
	}

	@Override
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public Optional<String> leader() {
		return this.store.owner(this.positionName);
	}

}
