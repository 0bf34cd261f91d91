package dev.binlog.spring.container;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.BinlogClientFactory;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds where the first transaction committed at or after an instant starts. {@code SHOW BINLOG EVENTS} shows no
 * times, so the binlog is read over the replication protocol, without blocking at its end: a binary search over
 * the files of {@code SHOW BINARY LOGS} by the time of each file's first event (its format description, written
 * when the file was opened), then a read of the chosen file, and the ones after it if need be, up to the first
 * commit (XID, {@code COMMIT}, a standalone statement) whose header time is at or after the instant. The result is
 * the transaction boundary before that commit. Event headers carry whole seconds.
 */
final class PointInTimeSearch {

	private static final List<EventType> UNREAD = List.of(EventType.TABLE_MAP, EventType.WRITE_ROWS,
			EventType.EXT_WRITE_ROWS, EventType.UPDATE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.DELETE_ROWS,
			EventType.EXT_DELETE_ROWS, EventType.ROWS_QUERY, EventType.ANNOTATE_ROWS);

	private final BinlogServer server;

	private final BinlogClientFactory clients;

	PointInTimeSearch(BinlogServer server, BinlogClientFactory clients) {
		this.server = server;
		this.clients = clients;
	}

	/**
	 * Return the boundary before the first transaction committed at or after an instant.
	 * @param time the instant, whole seconds
	 * @return the position
	 * @throws BinlogStreamException when the instant lies before the oldest binlog or after the server's clock
	 */
	BinlogPosition find(Instant time) {
		JdbcTemplate jdbc = this.server.jdbc();
		Long now = jdbc.queryForObject("SELECT UNIX_TIMESTAMP()", Long.class);
		if (now != null && time.getEpochSecond() > now) {
			throw new BinlogStreamException("The start position time:" + time + " lies in the future: the clock of "
					+ "the server at " + this.server.describe() + " reads " + Instant.ofEpochSecond(now) + ".",
					"Give a time at or before now, or 'latest' to start with the changes made from now on.");
		}
		List<String> files = jdbc.query("SHOW BINARY LOGS", (rs, row) -> rs.getString(1));
		if (files.isEmpty()) {
			throw new BinlogStreamException("The server at " + this.server.describe() + " lists no binary logs.",
					"Enable the binary log (log_bin) on the server.");
		}
		Instant oldest = opened(files.get(0));
		if (time.isBefore(oldest)) {
			throw new BinlogStreamException("The start position time:" + time + " lies before the oldest binary log "
					+ "on the server, " + files.get(0) + ", opened at " + oldest + ": what was committed before "
					+ "then is no longer in the binlog.",
					"Give a time at or after " + oldest + ", or 'earliest' to start with the oldest binlog; keep "
							+ "binlogs longer on the server (binlog_expire_logs_seconds) to reach further back.");
		}
		// the last file opened before the instant (whole seconds: a file opened in that very second may follow
		// commits of the same second); every transaction of the files before it committed earlier
		int low = 0;
		int high = files.size() - 1;
		while (low < high) {
			int middle = (low + high + 1) >>> 1;
			if (opened(files.get(middle)).isBefore(time)) {
				low = middle;
			}
			else {
				high = middle - 1;
			}
		}
		return firstCommitFrom(files.get(low), time);
	}

	private Instant opened(String file) {
		AtomicReference<Instant> opened = new AtomicReference<>();
		read(file, (event) -> {
			if (event.getHeader().getEventType() == EventType.FORMAT_DESCRIPTION) {
				opened.set(Instant.ofEpochMilli(event.getHeader().getTimestamp()));
				return true;
			}
			return false;
		});
		if (opened.get() == null) {
			throw new BinlogStreamException("The binary log " + file + " on the server at " + this.server.describe()
					+ " has no format description event, so its time is unknown.",
					"Start from a file and offset (binlog.start-position=file:offset) instead of a time.");
		}
		return opened.get();
	}

	private BinlogPosition firstCommitFrom(String file, Instant time) {
		Commits commits = new Commits(file, time.toEpochMilli());
		read(file, commits::found);
		return commits.boundary;
	}

	// reads from the start of a file to the end of the binlog, or until the predicate is true
	private void read(String file, Predicate<Event> done) {
		EventDeserializer deserializer = new EventDeserializer();
		for (EventType type : UNREAD) {
			deserializer.setEventDataDeserializer(type, new NullEventDataDeserializer());
		}
		AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
		AtomicReference<@Nullable BinaryLogClient> self = new AtomicReference<>();
		BinaryLogClient client = this.clients.create(new BinlogPosition(file, 4, null), deserializer, (event) -> {
			BinaryLogClient reader = self.get();
			if (reader != null && reader.isConnected() && done.test(event)) {
				try {
					reader.disconnect();
				}
				catch (IOException ex) {
					failure.set(ex);
				}
			}
		}, new BinaryLogClient.AbstractLifecycleListener() {

			@Override
			public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
				failure.set(ex);
			}

			@Override
			public void onEventDeserializationFailure(BinaryLogClient client, Exception ex) {
				failure.set(ex);
			}

		});
		// the server ends the dump at the end of the binlog rather than waiting for new events
		client.setBlocking(false);
		self.set(client);
		try {
			client.connect();
		}
		catch (IOException ex) {
			failure.compareAndSet(null, ex);
		}
		Exception ex = failure.get();
		if (ex != null) {
			throw new BinlogStreamException("Cannot read the binary log " + file + " on the server at "
					+ this.server.describe() + " to find a start time: " + ex.getMessage(),
					"Check that the binlog user has REPLICATION SLAVE, or start from a file and offset "
							+ "(binlog.start-position=file:offset).");
		}
	}

	/**
	 * Follows transaction boundaries while the binlog is read, up to the first commit at or after a time.
	 */
	private static final class Commits {

		private final long time;

		private String file;

		private BinlogPosition boundary;

		private boolean inTransaction;

		Commits(String file, long time) {
			this.file = file;
			this.time = time;
			this.boundary = new BinlogPosition(file, 4, null);
		}

		boolean found(Event event) {
			EventHeaderV4 header = event.getHeader();
			switch (header.getEventType()) {
				case ROTATE -> {
					RotateEventData rotate = event.getData();
					this.file = rotate.getBinlogFilename();
					if (!this.inTransaction) {
						this.boundary = new BinlogPosition(this.file, Math.max(4, rotate.getBinlogPosition()), null);
					}
					return false;
				}
				case MARIADB_GTID -> {
					MariadbGtidEventData gtid = event.getData();
					// a standalone statement (DDL) follows without BEGIN and is its own commit
					this.inTransaction = (gtid.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0;
					return false;
				}
				case QUERY -> {
					String sql = ((QueryEventData) event.getData()).getSql().trim();
					if (startsWith(sql, "BEGIN") || startsWith(sql, "XA START") || startsWith(sql, "XA BEGIN")) {
						this.inTransaction = true;
						return false;
					}
					if (this.inTransaction && !startsWith(sql, "COMMIT") && !startsWith(sql, "ROLLBACK")
							&& !startsWith(sql, "XA COMMIT") && !startsWith(sql, "XA ROLLBACK")) {
						return false;
					}
					return committed(header);
				}
				case XID, XA_PREPARE, TRANSACTION_PAYLOAD -> {
					return committed(header);
				}
				default -> {
					return false;
				}
			}
		}

		private boolean committed(EventHeaderV4 header) {
			this.inTransaction = false;
			if (header.getTimestamp() >= this.time) {
				return true;
			}
			this.boundary = new BinlogPosition(this.file, header.getNextPosition(), null);
			return false;
		}

		private static boolean startsWith(String sql, String prefix) {
			return sql.regionMatches(true, 0, prefix, 0, prefix.length());
		}

	}

}
