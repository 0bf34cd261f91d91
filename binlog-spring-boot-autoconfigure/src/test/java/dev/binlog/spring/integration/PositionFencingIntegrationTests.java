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
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fencing on a real MariaDB position table: once another instance was elected and claimed the record, the saves of
 * the stale leader fail and never move the record, backwards or at all.
 */
class PositionFencingIntegrationTests {

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	@Test
	void aStaleLeadersSavesFailAndNeverMoveTheNewLeadersRecord() {
		String schema = TestServers.uniqueSchema("fencing");
		this.server.execute("CREATE DATABASE " + schema);
		DataSource dataSource = new DriverManagerDataSource(this.server.jdbcUrl(schema), this.server.username(),
				this.server.password());
		new ResourceDatabasePopulator(new ClassPathResource("dev/binlog/spring/position/schema-mysql.sql"))
			.execute(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		JdbcBinlogPositionStore stale = new JdbcBinlogPositionStore(dataSource, "binlog_position");
		JdbcBinlogPositionStore leader = new JdbcBinlogPositionStore(dataSource, "binlog_position");

		stale.claim("default", "instance-a");
		stale.save("default", position(400), 1);
		// instance-a pauses past the lock's time to live; instance-b is elected, claims the record and streams on
		leader.claim("default", "instance-b");
		assertThat(leader.load("default")).contains(position(400));
		leader.save("default", position(700), 1);

		// instance-a resumes, behind the new leader: its save must not move the record back
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> stale.save("default", position(500), 1))
			.withMessageContaining("owned by instance 'instance-b'")
			.withMessageContaining("'default'");
		// nor may a save ahead of it overwrite the new leader's progress
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> stale.save("default", position(900), 1));
		assertThat(jdbc.queryForObject("SELECT binlog_position FROM binlog_position WHERE name = 'default'",
				Long.class)).isEqualTo(700);
		assertThat(jdbc.queryForObject("SELECT owner FROM binlog_position WHERE name = 'default'", String.class))
			.isEqualTo("instance-b");
		// the new leader goes on as if nothing happened
		leader.save("default", position(800), 1);
		assertThat(leader.load("default")).contains(position(800));
	}

	@Test
	void theFirstLeaderCreatesTheRecordWithItsOwnerAndAnUnclaimedSaveCannotOverwriteIt() {
		String schema = TestServers.uniqueSchema("fencingfirst");
		this.server.execute("CREATE DATABASE " + schema);
		DataSource dataSource = new DriverManagerDataSource(this.server.jdbcUrl(schema), this.server.username(),
				this.server.password());
		new ResourceDatabasePopulator(new ClassPathResource("dev/binlog/spring/position/schema-mysql.sql"))
			.execute(dataSource);
		JdbcBinlogPositionStore leader = new JdbcBinlogPositionStore(dataSource, "binlog_position");
		JdbcBinlogPositionStore other = new JdbcBinlogPositionStore(dataSource, "binlog_position");
		leader.claim("default", "instance-a");
		leader.save("default", position(400), 1);
		assertThat(other.owner("default")).contains("instance-a");
		// a second instance that raced to create the record on its first run
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> other.save("default", position(100), 2));
		assertThat(other.load("default")).contains(position(400));
	}

	private static BinlogPosition position(long offset) {
		return new BinlogPosition("mysql-bin.000001", offset, "0-1-" + offset);
	}

}
