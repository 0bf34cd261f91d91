package dev.binlog.spring.container;

import java.time.Duration;
import java.time.Instant;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.GtidTaggedEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.decoding.BinlogDecoder;
import dev.binlog.spring.decoding.DecodedRows;
import dev.binlog.spring.decoding.DecodedSchemaChange;
import dev.binlog.spring.snapshot.SnapshotCoordinator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads the events of one connection in order: follows the binlog position and the transaction boundaries in the
 * {@link PositionTracker}, hands rows events to the {@link BinlogDecoder} and the {@link ChangePublisher}, and at
 * each boundary (a commit, an XA PREPARE, a rollback of non-transactional changes, a standalone DDL statement)
 * moves the committed position and tells the {@link PositionSaver}. Used by the binlog thread only.
 */
final class BinlogEventHandler {

	private static final Log logger = LogFactory.getLog(BinlogEventHandler.class);

	// MariaDB's flag of a GTID event that starts an XA transaction (the connector names the others only)
	private static final int FL_PREPARED_XA = 64;

	private final BinlogDecoder decoder;

	private final ChangePublisher publisher;

	private final PositionSaver saver;

	private final ContainerStatusHolder status;

	private final Runnable streaming;

	private final @Nullable TransactionalDelivery delivery;

	// MariaDB reports a GTID it cannot serve only after the format description: the GTID list that follows proves
	// the stream really starts
	private boolean awaitingGtidList;

	/**
	 * Create a handler.
	 * @param decoder decodes rows events
	 * @param publisher publishes decoded rows and commits
	 * @param saver saves committed positions
	 * @param status holds the position tracker; told when events arrive
	 * @param streaming told when the server has accepted the start position and events flow
	 */
	BinlogEventHandler(BinlogDecoder decoder, ChangePublisher publisher, PositionSaver saver,
			ContainerStatusHolder status, Runnable streaming) {
		this.decoder = decoder;
		this.publisher = publisher;
		this.saver = saver;
		this.status = status;
		this.streaming = streaming;
		this.delivery = publisher.delivery();
	}

	/**
	 * The connection ended: a delivery group still open holds part of a binlog transaction, which the next
	 * connection reads again, and must not stay open while the stream waits to reconnect.
	 */
	void connectionClosed() {
		if (this.delivery != null) {
			this.delivery.abandon();
		}
	}

	/**
	 * Adjust the failure policy's decision to transactional delivery.
	 * @param decision the policy's decision
	 * @return the decision to follow
	 */
	ListenerFailureHandler.Decision afterFailure(ListenerFailureHandler.Decision decision) {
		return (this.delivery != null) ? this.delivery.afterFailure(decision) : decision;
	}

	/**
	 * A new connection starts; what was open on the last one is read again.
	 * @param awaitingGtidList whether the stream is only known to start with the first GTID list event (MariaDB,
	 * started by GTID)
	 */
	void connectionOpened(boolean awaitingGtidList) {
		this.awaitingGtidList = awaitingGtidList;
		this.status.tracker().reconnected();
		this.publisher.reset();
		this.saver.reset();
	}

	/**
	 * Handle the next event.
	 * @param event the event
	 * @throws ListenerFailure if a listener threw
	 */
	void handle(Event event) {
		// snapshot chunks are published between events, never inside one's handling
		SnapshotCoordinator snapshots = this.publisher.beginEvent();
		if (snapshots == null) {
			handleEvent(event);
			return;
		}
		snapshots.enter();
		try {
			handleEvent(event);
		}
		finally {
			snapshots.exit();
		}
	}

	private void handleEvent(Event event) {
		EventHeaderV4 header = event.getHeader();
		EventType type = header.getEventType();
		EventData data = event.getData();
		PositionTracker positions = this.status.tracker();
		Instant now = Instant.now();
		this.status.eventReceived(now, lag(type, header.getTimestamp(), now));
		this.status.observer().eventRead(header.getEventLength());
		if (type == EventType.ROTATE) {
			RotateEventData rotate = (RotateEventData) data;
			if (header.getTimestamp() != 0) {
				// a real rotation: table ids may be reused in the next file
				this.decoder.fileRotated();
			}
			positions.rotate(rotate.getBinlogFilename(), rotate.getBinlogPosition(),
					header.getTimestamp() != 0 || !this.awaitingGtidList);
			return;
		}
		positions.advance(header.getNextPosition());
		dispatch(header, type, data, positions);
	}

	// an event of the file, or one inside a compressed transaction, whose position is the one after the payload
	private void dispatch(EventHeaderV4 header, EventType type, EventData data, PositionTracker positions) {
		switch (type) {
			case FORMAT_DESCRIPTION -> {
				if (!this.awaitingGtidList) {
					this.streaming.run();
				}
			}
			case MARIADB_GTID_LIST -> {
				// also written at the start of every binlog file: only the first one after connecting counts
				if (this.awaitingGtidList) {
					this.awaitingGtidList = false;
					this.streaming.run();
				}
			}
			case TABLE_MAP -> {
				TableMapEventData tableMap = (TableMapEventData) data;
				this.saver.tableChanged(tableMap.getDatabase(), tableMap.getTable());
				this.decoder.tableMap(tableMap, positions.current());
			}
			case WRITE_ROWS, EXT_WRITE_ROWS, UPDATE_ROWS, EXT_UPDATE_ROWS, DELETE_ROWS, EXT_DELETE_ROWS -> {
				DecodedRows rows = this.decoder.decode(data);
				if (rows != null) {
					this.publisher.publish(rows, positions.current(), Instant.ofEpochMilli(header.getTimestamp()));
				}
			}
			case QUERY -> query(header, (QueryEventData) data, positions);
			case XID -> commit(header, positions);
			case XA_PREPARE -> prepare(header, (XAPrepareEventData) data, positions);
			case MARIADB_GTID -> {
				MariadbGtidEventData gtid = (MariadbGtidEventData) data;
				// the event body has no server id: it is the server id of the event header
				positions.recordGtid(gtid.getDomainId() + "-" + header.getServerId() + "-" + gtid.getSequence(),
						(gtid.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0);
				if ((gtid.getFlags() & FL_PREPARED_XA) != 0) {
					// MariaDB writes XA START into the GTID event, not as a statement
					this.publisher.startXa();
				}
			}
			case GTID -> positions.recordGtid(((GtidEventData) data).getMySqlGtid().toString(), false);
			// MySQL 8.4+ writes a tagged GTID as an event of its own; the tag belongs to the id (uuid:tag:gno)
			case GTID_TAGGED -> positions.recordGtid(((GtidTaggedEventData) data).getMySqlGtid().toString(), false);
			case TRANSACTION_PAYLOAD -> {
				// a whole transaction, which never spans payloads: its boundary is the end of the payload event
				for (Event inner : this.decoder.payloadEvents((TransactionPayloadEventData) data)) {
					dispatch(inner.getHeader(), inner.getHeader().getEventType(), inner.getData(), positions);
				}
			}
			case PARTIAL_UPDATE_ROWS_EVENT, PRE_GA_WRITE_ROWS, PRE_GA_UPDATE_ROWS,
					PRE_GA_DELETE_ROWS, UNKNOWN ->
				UnsupportedEvents.check(type, header.getDataLength(), positions.current());
			default -> {
				// heartbeats, annotations, checkpoints, GTID lists and the like only move the position
			}
		}
	}

	// how far behind the server the stream is; the events a server sends when a connection opens (or a file
	// starts) carry the time of the binlog file, not of a change
	private static @Nullable Duration lag(EventType type, long timestamp, Instant now) {
		return switch (type) {
			case HEARTBEAT -> Duration.ZERO;
			case FORMAT_DESCRIPTION, ROTATE, MARIADB_GTID_LIST, PREVIOUS_GTIDS, BINLOG_CHECKPOINT, STOP -> null;
			default -> (timestamp > 0) ? Duration.between(Instant.ofEpochMilli(timestamp), now) : null;
		};
	}

	private void query(EventHeaderV4 header, QueryEventData query, PositionTracker positions) {
		String sql = query.getSql().trim();
		if (startsWith(sql, "BEGIN")) {
			positions.begin();
		}
		else if (startsWith(sql, "XA START") || startsWith(sql, "XA BEGIN")) {
			positions.begin();
			this.publisher.startXa();
		}
		else if (startsWith(sql, "XA COMMIT") || startsWith(sql, "XA ROLLBACK")) {
			xaOutcome(header, sql, positions);
		}
		else if (sql.equalsIgnoreCase("COMMIT")) {
			commit(header, positions);
		}
		else if (sql.equalsIgnoreCase("ROLLBACK")) {
			// only non-transactional changes are logged before a ROLLBACK; the boundary is still a safe place
			commit(header, positions);
		}
		else if (startsWith(sql, "SAVEPOINT") || startsWith(sql, "ROLLBACK TO") || startsWith(sql, "XA END")) {
			// inside a transaction
		}
		else {
			// DDL and other statements: layouts may have changed
			for (DecodedSchemaChange change : this.decoder.schemaChanges(query.getDatabase(), sql,
					positions.current())) {
				this.publisher.publishSchemaChange(change, positions.current(),
						Instant.ofEpochMilli(header.getTimestamp()));
			}
			this.decoder.layoutsChanged(query.getDatabase(), sql, positions.current());
			this.saver.otherChange();
			if (!positions.inTransaction()) {
				commit(header, positions);
			}
		}
	}

	// XA PREPARE: the transaction's changes wait for its outcome, and the committed position stays before it
	private void prepare(EventHeaderV4 header, XAPrepareEventData prepare, PositionTracker positions) {
		String xid = XaIds.of(prepare);
		this.publisher.prepareXa(xid);
		if (prepare.isOnePhase()) {
			String gtid = positions.pendingGtid();
			BinlogPosition boundary = positions.endTransaction();
			Instant time = Instant.ofEpochMilli(header.getTimestamp());
			this.publisher.commitXa(xid, boundary, time, gtid);
			ended(boundary, time, positions);
			return;
		}
		positions.hold();
		positions.commit(positions.endTransaction());
	}

	private void xaOutcome(EventHeaderV4 header, String sql, PositionTracker positions) {
		boolean commit = startsWith(sql, "XA COMMIT");
		String xid = XaIds.ofStatement(sql);
		String gtid = positions.pendingGtid();
		BinlogPosition boundary = positions.endTransaction();
		Instant time = Instant.ofEpochMilli(header.getTimestamp());
		boolean prepared = xid != null && this.publisher.isPrepared(xid);
		if (prepared && commit) {
			this.publisher.commitXa(xid, boundary, time, gtid);
		}
		else if (prepared) {
			this.publisher.rollbackXa(xid);
		}
		else if (commit) {
			// prepared before the position the stream started from (or an id this starter cannot read): its
			// changes were never read
			logger.warn("'" + sql + "' at " + boundary + " commits an XA transaction prepared before the stream "
					+ "started reading; its changes were not delivered");
		}
		this.saver.otherChange();
		if (prepared) {
			positions.release();
		}
		// as any transaction's end: with transactional delivery the XA's changes were dispatched into the open
		// group, whose commit writes the position; the committed position must not move before that commit
		ended(boundary, time, positions);
	}

	private static boolean startsWith(String sql, String prefix) {
		return sql.regionMatches(true, 0, prefix, 0, prefix.length());
	}

	private void commit(EventHeaderV4 header, PositionTracker positions) {
		String gtid = positions.pendingGtid();
		BinlogPosition boundary = positions.endTransaction();
		Instant time = Instant.ofEpochMilli(header.getTimestamp());
		this.publisher.commit(boundary, time, gtid);
		ended(boundary, time, positions);
	}

	private void ended(BinlogPosition boundary, Instant time, PositionTracker positions) {
		if (this.delivery != null && this.delivery.transactionEnded(boundary)) {
			// the group's transaction writes the position when it commits
			this.saver.reset();
		}
		else {
			positions.commit(boundary);
			this.saver.committed();
		}
		this.publisher.committed(time);
	}

}
