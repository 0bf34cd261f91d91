package dev.binlog.spring.container;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import dev.binlog.spring.BinlogPosition;
import org.jspecify.annotations.Nullable;

/**
 * Follows the binlog position and transaction boundaries. The one place that knows where the stream is, and the
 * only source of the committed position from which a reconnect or restart resumes: never a position inside a
 * transaction, and only after every listener of the transaction returned.
 */
final class PositionTracker {

	private String file;

	private long next;

	private @Nullable GtidSet gtidSet;

	private @Nullable String gtidText;

	private @Nullable String pendingGtid;

	private boolean inTransaction;

	private volatile BinlogPosition committed;

	// while prepared XA transactions wait for their outcome, the committed position stays before the first of them:
	// the boundaries delivered meanwhile become committed when the last one is resolved
	private int holds;

	private BinlogPosition delivered;

	private volatile BinlogPosition current;

	private final boolean mariaDb;

	// told whenever the committed position moves, on the thread that moved it
	private Runnable committedMoved = () -> {
	};

	PositionTracker(BinlogPosition start, boolean mariaDb) {
		this.mariaDb = mariaDb;
		this.file = start.file();
		this.next = start.position();
		String gtid = start.gtidSet();
		if (gtid != null) {
			this.gtidSet = (mariaDb || MariadbGtidSet.isMariaGtidSet(gtid)) ? new MariadbGtidSet(gtid) : new GtidSet(gtid);
		}
		else if (mariaDb) {
			this.gtidSet = new MariadbGtidSet("");
		}
		this.gtidText = gtidText();
		this.committed = start;
		this.delivered = start;
		this.current = start;
	}

	/**
	 * A ROTATE event: the stream continues in another file.
	 * @param file the file
	 * @param position the position in it
	 * @param boundary whether the position is a real place between transactions; the rotation a server sends when
	 * a client connects by GTID names the file but not where in it the stream starts
	 */
	void rotate(String file, long position, boolean boundary) {
		this.file = file;
		this.next = position;
		update();
		if (boundary && !this.inTransaction) {
			commit(this.current);
		}
	}

	/** Any event: the stream is now just after it. */
	void advance(long nextPosition) {
		if (nextPosition > 0) {
			this.next = nextPosition;
			update();
		}
	}

	/** A GTID event: the transaction it starts will have this id. */
	void recordGtid(String gtid, boolean startsTransaction) {
		this.pendingGtid = gtid;
		if (startsTransaction) {
			this.inTransaction = true;
		}
	}

	/** A BEGIN statement. */
	void begin() {
		this.inTransaction = true;
	}

	boolean inTransaction() {
		return this.inTransaction;
	}

	@Nullable String pendingGtid() {
		return this.pendingGtid;
	}

	/**
	 * The transaction (or standalone statement) ends with the current event: return the boundary after it. The
	 * boundary only becomes the committed position with {@link #commit(BinlogPosition)}, once listeners are
	 * done.
	 */
	BinlogPosition endTransaction() {
		if (this.pendingGtid != null && this.gtidSet != null) {
			this.gtidSet.add(this.pendingGtid);
			this.gtidText = gtidText();
		}
		this.pendingGtid = null;
		this.inTransaction = false;
		update();
		return this.current;
	}

	/**
	 * Every listener of the transaction that ends at {@code position} returned: it is the committed position,
	 * unless a prepared XA transaction still waits for its outcome.
	 * @param position the boundary after the transaction
	 */
	void commit(BinlogPosition position) {
		this.delivered = position;
		if (this.holds == 0) {
			this.committed = position;
			this.committedMoved.run();
		}
	}

	/**
	 * Return the committed position that {@link #commit(BinlogPosition)} of a boundary would give, without moving
	 * it: transactional delivery saves that position first, and moves the committed position only once its database
	 * transaction committed.
	 * @param position the boundary after the transaction
	 * @return the position to save
	 */
	BinlogPosition committedAfter(BinlogPosition position) {
		return (this.holds == 0) ? position : this.committed;
	}

	/**
	 * Be told whenever the committed position moves.
	 * @param listener called on the thread that moved it; must be quick
	 */
	void onCommitted(Runnable listener) {
		this.committedMoved = listener;
	}

	/**
	 * A prepared XA transaction waits for its outcome: keep the committed position where it is, before the
	 * transaction, so that a restart reads the transaction again.
	 */
	void hold() {
		this.holds++;
	}

	/**
	 * A prepared XA transaction was committed or rolled back.
	 */
	void release() {
		if (this.holds > 0 && --this.holds == 0) {
			this.committed = this.delivered;
			this.committedMoved.run();
		}
	}

	/**
	 * The stream starts again from the committed position: what was held is read again.
	 */
	void reconnected() {
		this.holds = 0;
		this.delivered = this.committed;
		this.inTransaction = false;
		this.pendingGtid = null;
	}

	boolean mariaDb() {
		return this.mariaDb;
	}

	BinlogPosition committed() {
		return this.committed;
	}

	BinlogPosition current() {
		return this.current;
	}

	private void update() {
		this.current = new BinlogPosition(this.file, this.next, this.gtidText);
	}

	private @Nullable String gtidText() {
		String text = (this.gtidSet != null) ? this.gtidSet.toString() : null;
		return (text == null || text.isEmpty()) ? null : text;
	}

}
