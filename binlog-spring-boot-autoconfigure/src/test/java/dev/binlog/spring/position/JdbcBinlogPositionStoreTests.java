package dev.binlog.spring.position;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.binlog.spring.BinlogPosition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC position store against a real (embedded H2) database: its own writes, a deleted record and another
 * writer told apart.
 */
class JdbcBinlogPositionStoreTests {

	private final AtomicBoolean dropNextReply = new AtomicBoolean();

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	@BeforeEach
	void database() {
		DriverManagerDataSource h2 = new DriverManagerDataSource(
				"jdbc:h2:mem:positions_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
		new ResourceDatabasePopulator(new ClassPathResource("dev/binlog/spring/position/schema-h2.sql")).execute(h2);
		this.dataSource = lostReplies(h2);
		this.jdbc = new JdbcTemplate(h2);
	}

	@Test
	void aSaveWhoseReplyWasLostIsRecognisedAsItsOwnWrite() {
		JdbcBinlogPositionStore store = new JdbcBinlogPositionStore(this.dataSource, "binlog_position");
		store.save("default", position(400), 1);
		// the UPDATE commits, then the connection drops before the client learns it
		this.dropNextReply.set(true);
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> store.save("default", position(500), 1));
		assertThat(this.jdbc.queryForObject("SELECT binlog_position FROM binlog_position", Long.class)).isEqualTo(500);
		// the next save is not taken for another instance's
		store.save("default", position(600), 1);
		assertThat(store.load("default")).contains(position(600));
	}

	@Test
	void aRecordDeletedWhileRunningIsWrittenAgain() {
		JdbcBinlogPositionStore store = new JdbcBinlogPositionStore(this.dataSource, "binlog_position");
		store.save("default", position(400), 1);
		this.jdbc.update("DELETE FROM binlog_position");
		store.save("default", position(500), 1);
		assertThat(store.load("default")).contains(position(500));
	}

	@Test
	void anotherWritersChangeIsAConflictNamingTheRecord() {
		JdbcBinlogPositionStore store = new JdbcBinlogPositionStore(this.dataSource, "binlog_position");
		JdbcBinlogPositionStore other = new JdbcBinlogPositionStore(this.dataSource, "binlog_position");
		store.save("default", position(400), 1);
		assertThat(other.load("default")).contains(position(400));
		other.save("default", position(450), 2);
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> store.save("default", position(500), 1))
			.withMessageContaining("'default'")
			.withMessageContaining("binlog.position.name");
		assertThat(store.load("default")).contains(position(450));
	}

	@Test
	void aClaimedRecordsSaveWhoseReplyWasLostIsStillRecognisedAsItsOwnWrite() {
		JdbcBinlogPositionStore store = new JdbcBinlogPositionStore(this.dataSource, "binlog_position");
		store.claim("default", "a");
		store.save("default", position(400), 1);
		this.dropNextReply.set(true);
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> store.save("default", position(500), 1));
		store.save("default", position(600), 1);
		assertThat(store.load("default")).contains(position(600));
		assertThat(store.owner("default")).contains("a");
	}

	@Test
	void aClaimedRecordDeletedWhileRunningIsWrittenAgainWithItsOwner() {
		JdbcBinlogPositionStore store = new JdbcBinlogPositionStore(this.dataSource, "binlog_position");
		store.claim("default", "a");
		store.save("default", position(400), 1);
		this.jdbc.update("DELETE FROM binlog_position");
		store.save("default", position(500), 1);
		assertThat(store.load("default")).contains(position(500));
		assertThat(store.owner("default")).contains("a");
	}

	@Test
	void aSaveOfTheSameContentFailsOnceAnotherInstanceClaimedTheRecord() {
		JdbcBinlogPositionStore stale = new JdbcBinlogPositionStore(this.dataSource, "binlog_position");
		JdbcBinlogPositionStore leader = new JdbcBinlogPositionStore(this.dataSource, "binlog_position");
		stale.claim("default", "a");
		stale.save("default", position(400), 1);
		// the claim changes only owner and version: without the owner check the stale instance would take the
		// record for the one its own lost reply left behind
		leader.claim("default", "b");
		this.dropNextReply.set(true);
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> stale.save("default", position(300), 1));
		assertThat(this.jdbc.queryForObject("SELECT binlog_position FROM binlog_position", Long.class)).isEqualTo(400);
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> stale.save("default", position(300), 1))
			.withMessageContaining("owned by instance 'b'");
		assertThat(stale.load("default")).contains(position(400));
	}

	private static BinlogPosition position(long offset) {
		return new BinlogPosition("mysql-bin.000001", offset, "0-1-" + offset);
	}

	// a DataSource whose next UPDATE runs and commits but reports an I/O failure, as a lost reply does
	private DataSource lostReplies(DataSource target) {
		return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					Object result = invoke(method, target, args);
					return (result instanceof Connection connection) ? proxy(Connection.class, connection,
							(p, m, a) -> {
								Object inner = invoke(m, connection, a);
								return (inner instanceof PreparedStatement statement) ? statement(statement, m.getName(),
										(a != null && a.length > 0) ? String.valueOf(a[0]) : "") : inner;
							}) : result;
				});
	}

	private Object statement(PreparedStatement statement, String method, String sql) {
		if (!method.equals("prepareStatement") || !sql.toUpperCase().startsWith("UPDATE")) {
			return statement;
		}
		return proxy(PreparedStatement.class, statement, (p, m, a) -> {
			Object result = invoke(m, statement, a);
			if (m.getName().startsWith("execute") && this.dropNextReply.getAndSet(false)) {
				throw new SQLException("Connection reset", "08S01");
			}
			return result;
		});
	}

	private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
		return type.cast(Proxy.newProxyInstance(JdbcBinlogPositionStoreTests.class.getClassLoader(),
				new Class<?>[] { type }, handler));
	}

	private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
