package dev.binlog.spring;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A transaction that changed captured tables committed on the server. Every change event of the transaction was
 * published before this one. Its position is a transaction boundary: the place a restart resumes from once every
 * listener has returned. Transactions that changed no captured table publish no commit event (their position is
 * still followed).
 */
public class TransactionCommitEvent extends BinlogEvent {

	private final @Nullable String gtid;

	/**
	 * Create an event.
	 * @param source the container that read the event
	 * @param position the boundary position just after the commit
	 * @param eventTime when the server wrote the commit
	 * @param gtid the GTID of the transaction, or {@code null} when the server does not use GTIDs
	 */
	public TransactionCommitEvent(Object source, BinlogPosition position, Instant eventTime, @Nullable String gtid) {
		super(source, position, eventTime);
		this.gtid = gtid;
	}

	/**
	 * Return the GTID of the committed transaction ({@code domain-server-sequence} on MariaDB,
	 * {@code uuid:number} on MySQL).
	 * @return the GTID, or {@code null}
	 */
	public @Nullable String getGtid() {
		return this.gtid;
	}

	@Override
	public String toString() {
		return "TransactionCommitEvent[" + ((this.gtid != null) ? this.gtid + " " : "") + "at " + getPosition() + "]";
	}

}
