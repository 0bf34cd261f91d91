package dev.binlog.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.binlog.spring.container.BinlogDelivery;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedMariaDb;
import org.HdrHistogram.Histogram;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Part of the latency mode: read your own writes. While a light background load runs (a transaction of 10 rows
 * every 10 ms), the measuring thread commits a one-row transaction, reads {@code @@last_gtid} on the same connection
 * and waits for it with {@link BinlogDelivery#awaitTransaction}, {@code --await-samples} times after
 * {@code --await-warmups}, for each delivery mode ({@code --await-modes}); the listener is the delivery mode's
 * {@link CounterListener} (one JDBC {@code UPDATE} per row). Then the stream is paused, and the same wait has to
 * time out.
 */
final class AwaitBenchmark {

	private static final String TABLE = "ryw";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration PAUSED_TIMEOUT = Duration.ofSeconds(2);

	private AwaitBenchmark() {
	}

	static String run(EmbeddedMariaDb db, Workload workload, Options options) throws Exception {
		int samples = (int) options.number("await-samples", 2_000);
		int warmups = (int) options.number("await-warmups", 200);
		List<String> modes = options.list("await-modes", "at-least-once,transactional");
		StringBuilder report = new StringBuilder("\n### Read your own writes: `BinlogDelivery.awaitTransaction`\n\n");
		report.append(String.format("Background load: one INSERT of 10 rows into bench.%s every 10 ms (1,000 rows/s). "
				+ "The measuring thread, %,d times after %d warm-ups: INSERT one row (auto-commit), `SELECT "
				+ "@@last_gtid` on the same connection, `awaitTransaction(container, gtid, %d s)`. Listener: one JDBC "
				+ "UPDATE per row into benchapp.counters, JDBC position store. 'await' is the call's duration; "
				+ "'COMMIT to delivered' also counts the `@@last_gtid` query.%n%n", TABLE, samples, warmups,
				TIMEOUT.toSeconds()));
		report.append("| Delivery | awaits | await p50 ms | p90 | p99 | p99.9 | max | returned within 1 ms "
				+ "| COMMIT to delivered p50 / p99 ms | timed out | counters check |\n");
		report.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
		StringBuilder paused = new StringBuilder();
		long serverId = 6000;
		for (String mode : modes) {
			report.append(measure(db, workload, mode, samples, warmups, serverId++, paused));
		}
		report.append("\nWhile the stream is paused (`container.pause()`):\n\n").append(paused);
		return report.toString();
	}

	private static String measure(EmbeddedMariaDb db, Workload workload, String mode, int samples, int warmups,
			long serverId, StringBuilder paused) throws Exception {
		try (Connection connection = db.connect()) {
			CounterListener.reset(connection);
		}
		db.execute("DROP TABLE IF EXISTS " + Workload.SCHEMA + "." + TABLE, "CREATE TABLE " + Workload.SCHEMA + "."
				+ TABLE + " (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL)");
		Target target = new Target(db.host(), db.port(), "cdc", "cdc", db.username(), db.password(), workload.mark(),
				0, TIMEOUT);
		Map<String, Object> properties = StarterVariant.baseProperties(target, serverId);
		properties.put("spring.datasource.url", target.jdbcUrl(CounterListener.APP_SCHEMA));
		properties.put("binlog.include", Workload.SCHEMA + "\\." + TABLE);
		properties.put("binlog.position.store", "jdbc");
		properties.put("binlog.position.initialize-schema", "always");
		properties.put("binlog.delivery.mode", mode);
		Histogram await = new Histogram(60_000_000L, 3);
		Histogram sinceCommit = new Histogram(60_000_000L, 3);
		long timedOut = 0;
		long immediate = 0;
		BenchmarkRunner.log("await " + mode + ": " + samples + " awaits ...");
		ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
		try (ConfigurableApplicationContext context = StarterVariant.start(CounterListener.class, properties,
				new Probe(Long.MAX_VALUE), new CounterListener.Source(TABLE));
				Connection loadConnection = db.connect();
				Statement loadStatement = loadConnection.createStatement();
				Connection connection = db.connect();
				Statement statement = connection.createStatement()) {
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			if (!BinlogDelivery.awaitCaughtUp(container, Duration.ofSeconds(30))) {
				throw new IllegalStateException("await " + mode + ": the container did not catch up: "
						+ container.getStatus());
			}
			load.scheduleAtFixedRate(() -> insertLoad(loadStatement), 0, 10, TimeUnit.MILLISECONDS);
			for (int i = 0; i < warmups + samples; i++) {
				statement.executeUpdate("INSERT INTO " + Workload.SCHEMA + "." + TABLE + " (v) VALUES (1)");
				long committed = System.nanoTime();
				String gtid = lastGtid(statement);
				long before = System.nanoTime();
				boolean delivered = BinlogDelivery.awaitTransaction(container, gtid, TIMEOUT);
				long after = System.nanoTime();
				if (i < warmups) {
					continue;
				}
				if (!delivered) {
					timedOut++;
				}
				await.recordValue((after - before) / 1_000);
				sinceCommit.recordValue((after - committed) / 1_000);
				if (after - before < 1_000_000) {
					immediate++;
				}
			}
			load.shutdown();
			load.awaitTermination(10, TimeUnit.SECONDS);
			paused.append(pausedAwait(container, statement, mode));
			if (!BinlogDelivery.awaitCaughtUp(container, Duration.ofSeconds(30))) {
				throw new IllegalStateException("await " + mode + ": the container did not catch up after resuming");
			}
		}
		finally {
			load.shutdownNow();
		}
		CounterListener.Check check;
		try (Connection connection = db.connect()) {
			check = CounterListener.check(connection, TABLE, 1);
		}
		String row = String.format("| %s | %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %d of %d | %.2f / %.2f | %d | %s |%n",
				mode, samples, ms(await.getValueAtPercentile(50)), ms(await.getValueAtPercentile(90)),
				ms(await.getValueAtPercentile(99)), ms(await.getValueAtPercentile(99.9)), ms(await.getMaxValue()),
				immediate, samples, ms(sinceCommit.getValueAtPercentile(50)), ms(sinceCommit.getValueAtPercentile(99)),
				timedOut, check);
		BenchmarkRunner.log("await " + mode + ": " + row.trim());
		return row;
	}

	/** Pauses the stream, shows that the waits time out, resumes it and shows that the same wait then succeeds. */
	private static String pausedAwait(BinlogListenerContainer container, Statement statement, String mode)
			throws SQLException {
		container.pause();
		statement.executeUpdate("INSERT INTO " + Workload.SCHEMA + "." + TABLE + " (v) VALUES (2)");
		String gtid = lastGtid(statement);
		long start = System.nanoTime();
		boolean delivered = BinlogDelivery.awaitTransaction(container, gtid, PAUSED_TIMEOUT);
		long awaitMillis = BenchmarkRunner.millis(start);
		start = System.nanoTime();
		boolean caughtUp = BinlogDelivery.awaitCaughtUp(container, PAUSED_TIMEOUT);
		long caughtUpMillis = BenchmarkRunner.millis(start);
		String committed = String.valueOf(container.committedPosition());
		String blank;
		try {
			BinlogDelivery.awaitTransaction(container, "", PAUSED_TIMEOUT);
			blank = "returned";
		}
		catch (IllegalArgumentException ex) {
			blank = "IllegalArgumentException: " + ex.getMessage();
		}
		container.resume();
		start = System.nanoTime();
		boolean afterResume = BinlogDelivery.awaitTransaction(container, gtid, TIMEOUT);
		long resumeMillis = BenchmarkRunner.millis(start);
		String text = String.format("- %s: `awaitTransaction(container, \"%s\", %d s)` returned **%s** after %,d ms "
				+ "(committed position %s); `awaitCaughtUp(container, %d s)` returned **%s** after %,d ms; after "
				+ "`resume()` the same `awaitTransaction` returned %s after %,d ms. With an empty GTID (a session "
				+ "without a commit): %s%n", mode, gtid, PAUSED_TIMEOUT.toSeconds(), delivered, awaitMillis, committed,
				PAUSED_TIMEOUT.toSeconds(), caughtUp, caughtUpMillis, afterResume, resumeMillis, blank);
		BenchmarkRunner.log("await paused " + text.trim());
		return text;
	}

	private static void insertLoad(Statement statement) {
		try {
			statement.executeUpdate("INSERT INTO " + Workload.SCHEMA + "." + TABLE + " (v) SELECT seq FROM "
					+ Workload.SCHEMA + ".seq_1_to_10");
		}
		catch (SQLException ex) {
			BenchmarkRunner.log("await: the background load failed: " + ex.getMessage());
			throw new IllegalStateException(ex);
		}
	}

	private static String lastGtid(Statement statement) throws SQLException {
		try (ResultSet rs = statement.executeQuery("SELECT @@last_gtid")) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static double ms(long micros) {
		return micros / 1000.0;
	}

}
