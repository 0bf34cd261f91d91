package dev.binlog.spring.container;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogClientFactory;
import dev.binlog.spring.connection.BinlogStreamException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Transactional delivery ({@code binlog.delivery.mode=transactional}): the listeners of binlog transactions run
 * inside a Spring-managed transaction of the position store's {@code DataSource}, and the position record is
 * written in that transaction before it commits. A commit makes the listeners' writes and the position visible
 * together; a rollback undoes both, and the stream then reads again from the position the database holds. Effects
 * in that database therefore happen exactly once, across failures, restarts, crashes and (with leader election,
 * whose ownership check is part of the position write) failovers.
 * <p>
 * Consecutive binlog transactions share one database transaction, a group: it opens with the first change
 * delivered, and commits at the end of the binlog transaction that makes it full ({@link DeliveryGroup}) or as soon
 * as the connection has read everything the server sent, so that no database transaction stays open while the
 * stream waits. A group never ends inside a binlog transaction.
 * <p>
 * Used by the binlog thread only, except {@link #isOpen()}: the transaction is bound to that thread, which is also
 * the thread the listeners run on.
 */
public final class TransactionalDelivery {

	private static final Log logger = LogFactory.getLog(TransactionalDelivery.class);

	private final PlatformTransactionManager transactionManager;

	private final DeliveryGroup group;

	private final TransactionDefinition definition;

	private @Nullable PositionSaver saver;

	private @Nullable ContainerStatusHolder status;

	private boolean savepoints;

	private @Nullable TransactionStatus transaction;

	// the end of the last complete binlog transaction in the open group
	private @Nullable BinlogPosition pendingBoundary;

	private volatile boolean open;

	// a failed commit is read again whatever the listener failure policy says: skipping it would skip a group
	private boolean commitFailed;

	/**
	 * Create the delivery.
	 * @param transactionManager the transaction manager of the position store's {@code DataSource}
	 * @param maxRows rows after which a group commits at the end of its binlog transaction
	 * @param maxDuration how long a group may stay open while events keep arriving
	 */
	public TransactionalDelivery(PlatformTransactionManager transactionManager, int maxRows, Duration maxDuration) {
		this.transactionManager = transactionManager;
		this.group = new DeliveryGroup(maxRows, maxDuration);
		this.definition = new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	void attach(PositionSaver saver, ContainerStatusHolder status, ChangePublisher publisher,
			BinlogClientFactory clients, ListenerFailurePolicy policy) {
		this.saver = saver;
		this.status = status;
		// with the skip policy a failed listener's writes are undone alone, back to a savepoint before its event
		this.savepoints = policy.action() == ListenerFailureAction.SKIP;
		publisher.deliverIn(this);
		saver.deliverIn(this);
		clients.setIdleHook(this::beforeWait);
	}

	/**
	 * Return whether a group is open: its position is not in the store yet, so nothing else may save one.
	 * @return whether a database transaction is open
	 */
	boolean isOpen() {
		return this.open;
	}

	/**
	 * Run the listeners of one event in the group's transaction, opening it if needed.
	 * @param rows the rows of the event
	 * @param listeners calls the listeners
	 */
	void dispatch(int rows, Runnable listeners) {
		TransactionStatus current = this.transaction;
		if (current == null) {
			current = this.transactionManager.getTransaction(this.definition);
			this.transaction = current;
			this.open = true;
			this.group.open(System.nanoTime());
		}
		this.group.added(rows);
		if (!this.savepoints) {
			listeners.run();
			return;
		}
		Object savepoint = current.createSavepoint();
		try {
			listeners.run();
		}
		catch (RuntimeException ex) {
			current.rollbackToSavepoint(savepoint);
			throw ex;
		}
		current.releaseSavepoint(savepoint);
	}

	/**
	 * A binlog transaction ended. With a group open it joins the group, which commits now if it is full.
	 * @param boundary the position after the transaction
	 * @return whether the group took the boundary: the caller must then neither commit nor save it itself
	 * @throws ListenerFailure if the group could not be committed; it was rolled back
	 */
	boolean transactionEnded(BinlogPosition boundary) {
		if (this.transaction == null) {
			return false;
		}
		this.pendingBoundary = boundary;
		if (this.group.isFull(System.nanoTime())) {
			try {
				commitGroup();
			}
			catch (OptimisticLockingFailureException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				throw new ListenerFailure("the delivery transaction ending at " + boundary, ex);
			}
		}
		return true;
	}

	/**
	 * The connection read everything the server sent: commit the group unless a binlog transaction is still open.
	 * @throws IOException if the group could not be committed, to read again from the position in the store
	 */
	void beforeWait() throws IOException {
		if (this.transaction == null || this.pendingBoundary == null || tracker().inTransaction()) {
			return;
		}
		try {
			commitGroup();
		}
		catch (RuntimeException ex) {
			throw new IOException("Cannot commit the binlog delivery transaction: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A listener failed or the connection ended: roll an open group back and continue from the position in the
	 * store.
	 */
	void abandon() {
		TransactionStatus current = this.transaction;
		if (current != null) {
			rollback(current);
			backToSaved();
		}
	}

	/**
	 * Decide what follows a failure: a listener's failure skipped by policy keeps the group (its writes are
	 * already undone to the savepoint); anything else rolls the group back, and a failed commit is read again.
	 * @param decision the policy's decision
	 * @return the decision to follow
	 */
	ListenerFailureHandler.Decision afterFailure(ListenerFailureHandler.Decision decision) {
		boolean commit = this.commitFailed;
		this.commitFailed = false;
		if (decision instanceof ListenerFailureHandler.Decision.Skip && !commit) {
			return decision;
		}
		abandon();
		if (decision instanceof ListenerFailureHandler.Decision.Skip) {
			return new ListenerFailureHandler.Decision.Redeliver(Duration.ofSeconds(1));
		}
		return decision;
	}

	private void commitGroup() {
		TransactionStatus current = Objects.requireNonNull(this.transaction);
		PositionTracker positions = tracker();
		BinlogPosition boundary = Objects.requireNonNull(this.pendingBoundary);
		// the committed position moves after the database commit, not before: whoever reads it (BinlogDelivery's
		// waits for one's own writes) must find the listeners' writes visible
		BinlogPosition position = positions.committedAfter(boundary);
		PositionSaver positionSaver = Objects.requireNonNull(this.saver);
		try {
			positionSaver.saveWithin(position);
		}
		catch (RuntimeException ex) {
			rollback(current);
			backToSaved();
			if (ex instanceof OptimisticLockingFailureException conflict) {
				// a stale leader, or a second writer: its listeners' writes are gone with the position write
				positionSaver.conflict(conflict);
			}
			else {
				this.commitFailed = true;
			}
			throw ex;
		}
		try {
			this.transactionManager.commit(current);
		}
		catch (RuntimeException ex) {
			this.commitFailed = true;
			// the commit may have happened with its reply lost: only the store knows where the stream stands; the
			// group counts as open until then, so that no other thread saves a position meanwhile
			resync(positionSaver, ex);
			clear();
			throw ex;
		}
		positions.commit(boundary);
		positionSaver.savedWithin(position);
		// only now may another thread save: before, it would find the committed position and the saved one still
		// before the group and write that back over the group's
		clear();
	}

	private void rollback(TransactionStatus current) {
		clear();
		if (current.isCompleted()) {
			return;
		}
		try {
			this.transactionManager.rollback(current);
		}
		catch (RuntimeException ex) {
			logger.warn("Rolling back the binlog delivery transaction failed: " + ex.getMessage());
		}
	}

	private void clear() {
		this.transaction = null;
		this.pendingBoundary = null;
		this.group.close();
		this.open = false;
	}

	// the stream continues from the last position whose transaction committed
	private void backToSaved() {
		BinlogPosition saved = Objects.requireNonNull(Objects.requireNonNull(this.saver).savedPosition());
		Objects.requireNonNull(this.status).track(new PositionTracker(saved, tracker().mariaDb()));
	}

	private void resync(PositionSaver positionSaver, RuntimeException failure) {
		try {
			BinlogPosition stored = positionSaver.reload();
			if (stored != null) {
				Objects.requireNonNull(this.status).track(new PositionTracker(stored, tracker().mariaDb()));
				return;
			}
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
		Objects.requireNonNull(this.status)
			.fail(new BinlogStreamException("The commit of a binlog delivery transaction failed and the position "
					+ "record cannot be read back, so whether it committed is unknown: " + failure.getMessage(),
					"Check the position DataSource, then restart the container: it continues from the position "
							+ "in the store, which committed together with the listeners' writes."));
	}

	private PositionTracker tracker() {
		return Objects.requireNonNull(this.status).tracker();
	}

}
