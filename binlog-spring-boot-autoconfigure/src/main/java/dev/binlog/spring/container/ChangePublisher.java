package dev.binlog.spring.container;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.binlog.spring.BinlogEvent;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.SchemaChangeEvent;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableDeleteEvent;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.TransactionCommitEvent;
import dev.binlog.spring.decoding.DecodedRows;
import dev.binlog.spring.decoding.DecodedSchemaChange;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.snapshot.SnapshotCoordinator;
import org.jspecify.annotations.Nullable;

/**
 * Turns decoded rows into table events and hands them to the {@link BinlogEventDispatcher}, and publishes a
 * {@link TransactionCommitEvent} at the end of each transaction that published changes. A listener's exception
 * comes back as a {@link ListenerFailure}. Used by the binlog thread only.
 */
final class ChangePublisher {

	private final Object source;

	private final BinlogEventDispatcher dispatcher;

	private final ContainerStatusHolder status;

	// transactional delivery runs the listeners in its transaction
	private @Nullable TransactionalDelivery delivery;

	// whether the open transaction published a change: commits of transactions without any are not published
	private boolean changesPublished;

	// rows published in the open transaction, for the transaction size metric
	private int transactionRows;

	// the changes of an open XA transaction, published only when it is committed
	private @Nullable List<TableChangeEvent> xaChanges;

	// prepared XA transactions waiting for XA COMMIT or XA ROLLBACK, by XID
	private final Map<String, List<TableChangeEvent>> prepared = new LinkedHashMap<>();

	// told about every change and commit, so that snapshot chunks leave out rows the stream changed; set while a
	// snapshot runs or waits, read once per event
	private volatile @Nullable SnapshotCoordinator snapshots;

	// the coordinator of the event being handled, binlog thread only: the one whose lock the event holds
	private @Nullable SnapshotCoordinator eventSnapshots;

	/**
	 * Create a publisher.
	 * @param source the source of the events: the container
	 * @param dispatcher publishes the events
	 * @param status told about published changes and commits, for metrics
	 */
	ChangePublisher(Object source, BinlogEventDispatcher dispatcher, ContainerStatusHolder status) {
		this.source = source;
		this.dispatcher = dispatcher;
		this.status = status;
	}

	void deliverIn(TransactionalDelivery delivery) {
		this.delivery = delivery;
	}

	@Nullable TransactionalDelivery delivery() {
		return this.delivery;
	}

	/**
	 * Set the table snapshots that run beside the stream.
	 * @param snapshots the snapshots, or {@code null} when none runs any more
	 */
	void snapshots(@Nullable SnapshotCoordinator snapshots) {
		this.snapshots = snapshots;
	}

	/**
	 * The binlog thread starts handling an event: return the snapshots it must handle it under (between
	 * {@link SnapshotCoordinator#enter()} and {@link SnapshotCoordinator#exit()}), the same for the whole event.
	 * @return the snapshots, or {@code null} when none runs: the only cost of snapshots to the stream is this read
	 */
	@Nullable SnapshotCoordinator beginEvent() {
		SnapshotCoordinator coordinator = this.snapshots;
		this.eventSnapshots = coordinator;
		return coordinator;
	}

	/**
	 * Publish a snapshot event outside any transaction: chunk rows, or a table snapshot's start or completion.
	 * @param event the event
	 * @throws ListenerFailure if a listener threw
	 */
	void publishSnapshot(BinlogEvent event) {
		if (event instanceof TableChangeEvent change) {
			boolean changes = this.changesPublished;
			publish(change);
			// a chunk is no part of the open transaction's changes
			this.changesPublished = changes;
			return;
		}
		try {
			this.dispatcher.publish(event);
		}
		catch (RuntimeException ex) {
			throw new ListenerFailure(event.toString(), ex);
		}
	}

	/**
	 * A new connection: a transaction that was open is delivered again from its start.
	 */
	void reset() {
		this.changesPublished = false;
		this.transactionRows = 0;
		this.xaChanges = null;
		this.prepared.clear();
	}

	/**
	 * An XA transaction starts: its changes are kept until its outcome is known.
	 */
	void startXa() {
		this.xaChanges = new ArrayList<>();
	}

	/**
	 * The open XA transaction is prepared: its changes wait for XA COMMIT or XA ROLLBACK.
	 * @param xid the transaction's XID
	 */
	void prepareXa(String xid) {
		this.prepared.put(xid, (this.xaChanges != null) ? this.xaChanges : List.of());
		this.xaChanges = null;
	}

	/**
	 * A prepared XA transaction was committed: publish its changes and its commit.
	 * @param xid the transaction's XID
	 * @param boundary the position after the XA COMMIT
	 * @param time when the server wrote the XA COMMIT
	 * @param gtid the GTID of the XA COMMIT, or {@code null}
	 * @return whether the transaction was prepared after the stream's start, so that its changes were seen
	 * @throws ListenerFailure if a listener threw
	 */
	boolean commitXa(String xid, BinlogPosition boundary, Instant time, @Nullable String gtid) {
		List<TableChangeEvent> changes = this.prepared.remove(xid);
		if (changes == null) {
			return false;
		}
		for (TableChangeEvent event : changes) {
			publish(event);
		}
		commit(boundary, time, gtid);
		return true;
	}

	/**
	 * A prepared XA transaction was rolled back: forget its changes.
	 * @param xid the transaction's XID
	 * @return whether the transaction was prepared after the stream's start
	 */
	boolean rollbackXa(String xid) {
		return this.prepared.remove(xid) != null;
	}

	/**
	 * Return whether an XA transaction is prepared and waits for its outcome.
	 * @param xid the transaction's XID
	 * @return whether it waits
	 */
	boolean isPrepared(String xid) {
		return this.prepared.containsKey(xid);
	}

	/**
	 * Publish the rows of one rows event.
	 * @param rows the decoded rows
	 * @param position the position just after the event
	 * @param time when the server wrote the event
	 * @throws ListenerFailure if a listener threw
	 */
	void publish(DecodedRows rows, BinlogPosition position, Instant time) {
		TableChangeEvent event = switch (rows.action()) {
			case WRITE -> new TableWriteEvent(this.source, position, time, rows.schema(), rows.table(), rows.rows());
			case UPDATE -> new TableUpdateEvent(this.source, position, time, rows.schema(), rows.table(),
					rows.changes());
			case DELETE -> new TableDeleteEvent(this.source, position, time, rows.schema(), rows.table(), rows.rows());
			case SNAPSHOT -> throw new IllegalStateException("A rows event never carries snapshot rows");
		};
		SnapshotCoordinator coordinator = this.eventSnapshots;
		if (coordinator != null) {
			coordinator.changed(event, position);
		}
		if (this.xaChanges != null) {
			this.xaChanges.add(event);
			return;
		}
		publish(event);
	}

	private void publish(TableChangeEvent event) {
		this.changesPublished = true;
		int count = event.size();
		this.transactionRows += count;
		long started = System.nanoTime();
		try {
			if (this.delivery != null) {
				this.delivery.dispatch(count, () -> this.dispatcher.publish(event));
			}
			else {
				this.dispatcher.publish(event);
			}
		}
		catch (RuntimeException ex) {
			throw new ListenerFailure(event.toString(), ex);
		}
		this.status.observer()
			.changesPublished(event.getSchema(), event.getTable(), event.getAction(), count,
					Duration.ofNanos(System.nanoTime() - started));
	}

	/**
	 * Publish a DDL statement's schema-change event.
	 * @param change the decoded statement
	 * @param position the position just after it
	 * @param time when the server wrote it
	 * @throws ListenerFailure if a listener threw
	 */
	void publishSchemaChange(DecodedSchemaChange change, BinlogPosition position, Instant time) {
		SchemaChangeEvent event = SchemaChangeEvents.of(this.source, change, position, time);
		try {
			this.dispatcher.publish(event);
		}
		catch (RuntimeException ex) {
			throw new ListenerFailure(event.toString(), ex);
		}
	}

	/**
	 * The transaction ends: publish its commit if it published changes.
	 * @param boundary the position after the transaction
	 * @param time when the server wrote the commit
	 * @param gtid the transaction's GTID, or {@code null}
	 * @throws ListenerFailure if a listener of the commit threw
	 */
	void commit(BinlogPosition boundary, Instant time, @Nullable String gtid) {
		if (this.changesPublished) {
			this.changesPublished = false;
			TransactionCommitEvent event = new TransactionCommitEvent(this.source, boundary, time, gtid);
			try {
				if (this.delivery != null) {
					this.delivery.dispatch(0, () -> this.dispatcher.publish(event));
				}
				else {
					this.dispatcher.publish(event);
				}
			}
			catch (RuntimeException ex) {
				throw new ListenerFailure(event.toString(), ex);
			}
		}
	}

	/**
	 * The transaction's position became the committed position: report its size and delay.
	 * @param time when the server wrote the commit
	 */
	void committed(Instant time) {
		if (this.transactionRows > 0) {
			this.status.observer().transactionCommitted(this.transactionRows, Duration.between(time, Instant.now()));
			this.transactionRows = 0;
		}
		SnapshotCoordinator coordinator = this.eventSnapshots;
		if (coordinator != null) {
			coordinator.boundary();
		}
	}

}
