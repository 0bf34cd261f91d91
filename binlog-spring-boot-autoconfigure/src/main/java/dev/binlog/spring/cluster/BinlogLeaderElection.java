package dev.binlog.spring.cluster;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs Spring Integration's {@link LockRegistryLeaderInitiator} for a {@link BinlogLeaderCandidate}: the container
 * then starts and stops with the election rather than with the application context.
 * <p>
 * On shutdown the leader stops streaming and saves its position first, while it still holds the lock, and then
 * releases the lock at once, so that another instance takes over without waiting for the lock to expire.
 */
public class BinlogLeaderElection implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(BinlogLeaderElection.class);

	private final BinlogLeaderCandidate candidate;

	private final LockRegistry<?> locks;

	private final Duration heartbeatInterval;

	private final Duration busyWait;

	private final Duration shutdownTimeout;

	private final int phase;

	private final ApplicationEventPublisher events;

	private final Object lifecycleMonitor = new Object();

	private volatile LockRegistryLeaderInitiator initiator;

	private volatile ExecutorService executor;

	private volatile boolean running;

	private volatile boolean autoStartup = true;

	/**
	 * Create an election.
	 * @param candidate the candidate of this instance
	 * @param locks where the election lock is held
	 * @param heartbeatInterval how often the lock is renewed, and how long a standby waits for it at a time
	 * @param busyWait how long a standby waits between two tries after a failed one
	 * @param shutdownTimeout how long a stop waits for the lock to be released
	 * @param phase the lifecycle phase, the container's
	 * @param events publishes Spring Integration's {@code OnGrantedEvent} and {@code OnRevokedEvent}
	 */
	public BinlogLeaderElection(BinlogLeaderCandidate candidate, LockRegistry<?> locks, Duration heartbeatInterval,
			Duration busyWait, Duration shutdownTimeout, int phase, ApplicationEventPublisher events) {
		this.candidate = candidate;
		this.locks = locks;
		this.heartbeatInterval = heartbeatInterval;
		this.busyWait = busyWait;
		this.shutdownTimeout = shutdownTimeout;
		this.phase = phase;
		this.events = events;
		this.initiator = newInitiator();
		this.executor = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("binlog-election-"));
	}

	private LockRegistryLeaderInitiator newInitiator() {
		LockRegistryLeaderInitiator created = new LockRegistryLeaderInitiator(this.locks, this.candidate);
		created.setHeartBeatMillis(this.heartbeatInterval.toMillis());
		created.setBusyWaitMillis(this.busyWait.toMillis());
		created.setApplicationEventPublisher(this.events);
		return created;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			// fails with what to do when the position table lacks the owner column, before any instance streams
			this.candidate.leader();
			if (this.executor.isShutdown()) {
				this.initiator = newInitiator();
				this.executor = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("binlog-election-"));
			}
			this.initiator.setTaskExecutor(new TaskExecutorAdapter(this.executor));
			this.initiator.start();
			this.running = true;
			logger.info("Instance " + this.candidate.instanceId() + " joined the election for "
					+ this.candidate.getRole() + " and stands by until it is elected");
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			// stop delivering and save while the lock is still held: no other instance streams meanwhile
			this.candidate.standDown();
			this.initiator.stop();
			this.executor.shutdown();
			try {
				// the lock is released on the election thread; waiting for it lets another instance take over at once
				if (!this.executor.awaitTermination(this.shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
					logger.warn("The binlog election lock was not released within " + this.shutdownTimeout
							+ "; another instance takes over when it expires");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Set whether this instance joins the election when the application context starts; {@code binlog.auto-startup}.
	 * @param autoStartup whether to join with the context
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Return the candidate of this instance, with its role.
	 * @return the candidate
	 */
	public BinlogLeaderCandidate getCandidate() {
		return this.candidate;
	}

}
