package dev.binlog.spring.integration;

import javax.sql.DataSource;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.position.JdbcBinlogPositionStore;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The position write of transactional delivery inside the listeners' transaction on a real MariaDB: a stale
 * leader's write fails on the ownership check and takes its listeners' writes down with it, and a write that rolled
 * back leaves no trace in what the store believes it wrote.
 */
class TransactionalFencingIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void aStaleLeadersPositionWriteFailsInItsTransactionAndRollsBackItsListenersWrites() {
		DataSource dataSource = positionDatabase("txfencing");
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		JdbcBinlogPositionStore stale = new JdbcBinlogPositionStore(dataSource, "binlog_position");
		JdbcBinlogPositionStore leader = new JdbcBinlogPositionStore(dataSource, "binlog_position");
		stale.claim("default", "instance-a");
		stale.save("default", position(400), 1);
		leader.claim("default", "instance-b");
		leader.save("default", position(700), 1);

		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> transactions.executeWithoutResult((status) -> {
				jdbc.update("INSERT INTO ledger (src_id) VALUES (1)");
				stale.save("default", position(900), 1);
			}))
			.withMessageContaining("instance-b");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger", Long.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT binlog_position FROM binlog_position WHERE name = 'default'",
				Long.class)).isEqualTo(700);
	}

	@Test
	void aPositionWriteRolledBackWithItsTransactionLeavesTheNextSaveUnaffected() {
		DataSource dataSource = positionDatabase("txrollback");
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		JdbcBinlogPositionStore store = new JdbcBinlogPositionStore(dataSource, "binlog_position");
		store.save("default", position(400), 1);
		transactions.executeWithoutResult((status) -> {
			store.save("default", position(500), 1);
			status.setRollbackOnly();
		});
		// read past the store, whose own reads would refresh what it knows
		assertThat(jdbc.queryForObject("SELECT binlog_position FROM binlog_position WHERE name = 'default'",
				Long.class)).isEqualTo(400);
		// the rolled-back write's version is not the record's: the next write is no conflict
		transactions.executeWithoutResult((status) -> store.save("default", position(600), 1));
		assertThat(jdbc.queryForObject("SELECT binlog_position FROM binlog_position WHERE name = 'default'",
				Long.class)).isEqualTo(600);
	}

	private DataSource positionDatabase(String prefix) {
		String schema = TestServers.uniqueSchema(prefix);
		this.server.execute("CREATE DATABASE " + schema,
				"CREATE TABLE " + schema + ".ledger (seq BIGINT AUTO_INCREMENT PRIMARY KEY, src_id INT)");
		DataSource dataSource = new DriverManagerDataSource(this.server.jdbcUrl(schema), this.server.username(),
				this.server.password());
		new ResourceDatabasePopulator(new ClassPathResource("dev/binlog/spring/position/schema-mysql.sql"))
			.execute(dataSource);
		return dataSource;
	}

	private static BinlogPosition position(long offset) {
		return new BinlogPosition("mysql-bin.000001", offset, null);
	}

}
