package dev.binlog.spring.position;

import dev.binlog.spring.BinlogPosition;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Snapshot progress in the position stores: kept with the position (JDBC on embedded H2, and in memory), written in
 * the position's transaction, and JDBC position tables created before the column existed.
 */
class SnapshotProgressStoreTests {

	private static final BinlogPosition POSITION = new BinlogPosition("mysql-bin.000001", 400, null);

	@Test
	void progressIsSavedAndLoadedWithThePositionAndClearedWhenNoneIsLeft() {
		DriverManagerDataSource h2 = database();
		new ResourceDatabasePopulator(new ClassPathResource("dev/binlog/spring/position/schema-h2.sql")).execute(h2);
		JdbcBinlogPositionStore store = new JdbcBinlogPositionStore(h2, "binlog_position");
		assertThat(store.keepsSnapshotProgress()).isTrue();
		store.save("default", POSITION, 1, "chunk 7");
		JdbcBinlogPositionStore restarted = new JdbcBinlogPositionStore(h2, "binlog_position");
		assertThat(restarted.load("default")).contains(POSITION);
		assertThat(restarted.loadSnapshotProgress("default")).contains("chunk 7");
		restarted.save("default", POSITION, 1, null);
		assertThat(new JdbcBinlogPositionStore(h2, "binlog_position").loadSnapshotProgress("default")).isEmpty();
	}

	@Test
	void aTableWithoutTheProgressColumnKeepsWorkingForPositionsAndNamesTheAlterTableForSnapshots() {
		DriverManagerDataSource h2 = database();
		JdbcTemplate jdbc = new JdbcTemplate(h2);
		jdbc.execute("CREATE TABLE binlog_position (name VARCHAR(100) NOT NULL PRIMARY KEY, version BIGINT NOT NULL, "
				+ "binlog_file VARCHAR(255) NOT NULL, binlog_position BIGINT NOT NULL, gtid_set CLOB, "
				+ "server_id BIGINT NOT NULL, updated_at TIMESTAMP(3) NOT NULL, owner VARCHAR(255))");
		JdbcBinlogPositionStore store = new JdbcBinlogPositionStore(h2, "binlog_position");
		store.save("default", POSITION, 1, null);
		assertThat(store.load("default")).contains(POSITION);
		assertThat(store.loadSnapshotProgress("default")).isEmpty();
		assertThatIllegalStateException().isThrownBy(store::keepsSnapshotProgress)
			.withMessageContaining("ALTER TABLE binlog_position ADD snapshot_progress");
		jdbc.execute("ALTER TABLE binlog_position ADD snapshot_progress CLOB");
		assertThat(store.keepsSnapshotProgress()).isTrue();
		store.save("default", POSITION, 1, "chunk 1");
		assertThat(store.loadSnapshotProgress("default")).contains("chunk 1");
	}

	@Test
	void progressIsWrittenInTheTransactionOfThePositionAndRolledBackWithIt() {
		DriverManagerDataSource h2 = database();
		new ResourceDatabasePopulator(new ClassPathResource("dev/binlog/spring/position/schema-h2.sql")).execute(h2);
		JdbcBinlogPositionStore store = new JdbcBinlogPositionStore(h2, "binlog_position");
		store.save("default", POSITION, 1, "chunk 1");
		BinlogPosition later = new BinlogPosition("mysql-bin.000001", 500, null);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(h2));
		assertThatIllegalStateException().isThrownBy(() -> transaction.executeWithoutResult((status) -> {
			store.save("default", later, 1, "chunk 2");
			throw new IllegalStateException("rolled back");
		}));
		JdbcBinlogPositionStore restarted = new JdbcBinlogPositionStore(h2, "binlog_position");
		assertThat(restarted.load("default")).contains(POSITION);
		assertThat(restarted.loadSnapshotProgress("default")).contains("chunk 1");
		// the rolled back progress is written again with the next save
		store.save("default", later, 1, "chunk 2");
		assertThat(restarted.loadSnapshotProgress("default")).contains("chunk 2");
	}

	@Test
	void theInMemoryStoreKeepsProgressWithThePosition() {
		InMemoryBinlogPositionStore store = new InMemoryBinlogPositionStore();
		assertThat(store.keepsSnapshotProgress()).isTrue();
		store.save("default", POSITION, 1, "chunk 3");
		assertThat(store.load("default")).contains(POSITION);
		assertThat(store.loadSnapshotProgress("default")).contains("chunk 3");
		store.save("default", POSITION, 1, null);
		assertThat(store.loadSnapshotProgress("default")).isEmpty();
	}

	private static DriverManagerDataSource database() {
		return new DriverManagerDataSource("jdbc:h2:mem:progress_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa",
				"");
	}

}
