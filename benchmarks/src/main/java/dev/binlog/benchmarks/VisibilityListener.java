package dev.binlog.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

import dev.binlog.spring.Row;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TransactionCommitEvent;

import org.springframework.context.event.EventListener;

/**
 * The latency mode's {@code starter-visibility} listener: as {@link LatencyListener}, and on each
 * {@link TransactionCommitEvent} it asks the database, on a connection of its own, how many rows of that transaction
 * another session can already read. Fewer than all means the commit event arrived before the commit was visible to
 * other sessions.
 */
class VisibilityListener {

	private final LatencyRecorder recorder;

	private final Connection connection;

	private final PreparedStatement count;

	private final AtomicLong checked = new AtomicLong();

	private final AtomicLong notVisible = new AtomicLong();

	private int pending = -1;

	VisibilityListener(LatencyRecorder recorder, Visibility visibility) throws SQLException {
		this.recorder = recorder;
		this.connection = visibility.connect();
		this.count = this.connection.prepareStatement(
				"SELECT COUNT(*) FROM " + Workload.SCHEMA + "." + LatencyBenchmark.TABLE + " WHERE txn = ?");
		visibility.listener = this;
	}

	@EventListener
	void on(TableChangeEvent event) throws SQLException {
		if (!event.getTable().equals(LatencyBenchmark.TABLE)) {
			return;
		}
		Row first = event.getChanges().get(0).row();
		int txn = first.getInteger("txn");
		this.recorder.seen(txn, event.getChanges().size());
		this.pending = txn;
	}

	@EventListener
	void on(TransactionCommitEvent event) throws SQLException {
		if (this.pending < 0) {
			return;
		}
		this.count.setInt(1, this.pending);
		this.pending = -1;
		try (ResultSet rs = this.count.executeQuery()) {
			rs.next();
			this.checked.incrementAndGet();
			if (rs.getInt(1) < this.recorder.rowsPerTransaction()) {
				this.notVisible.incrementAndGet();
			}
		}
	}

	long checked() {
		return this.checked.get();
	}

	long notVisible() {
		return this.notVisible.get();
	}

	void close() throws SQLException {
		this.connection.close();
	}

	/** How the listener reaches the database, and where the runner finds the listener afterwards. */
	static final class Visibility {

		private final String url;

		private final String user;

		private final String password;

		volatile VisibilityListener listener;

		Visibility(String url, String user, String password) {
			this.url = url;
			this.user = user;
			this.password = password;
		}

		Connection connect() throws SQLException {
			// REPEATABLE READ would pin the first snapshot per transaction; auto-commit reads a fresh one each time
			Connection connection = java.sql.DriverManager.getConnection(this.url, this.user, this.password);
			connection.setAutoCommit(true);
			return connection;
		}

	}

}
