package dev.binlog.spring.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.TestConnectionDetails;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@link BinlogServer#checkStartPosition(BinlogPosition, String)} against a real server: a file and offset to start
 * from must be the start of an event (or the end of the file) in a file the server has, and the message names
 * where the position came from.
 */
class StartPositionCheckIntegrationTests {

	private static final String PROPERTY = "binlog.start-position";

	private final EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);

	private final BinlogServer root = binlogServer(this.server.username(), this.server.password());

	// where the insert's first event starts, and the end of the file after it
	private BinlogPosition beforeInsert;

	private BinlogPosition afterInsert;

	@BeforeEach
	void writeOneTransaction() throws SQLException {
		String schema = TestServers.uniqueSchema("check");
		this.server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		this.beforeInsert = masterStatus();
		this.server.execute("INSERT INTO " + schema + ".t VALUES (1)");
		this.afterInsert = masterStatus();
	}

	@Test
	void startOfAnEventIsAccepted() {
		assertThatNoException().isThrownBy(() -> this.root.checkStartPosition(this.beforeInsert, PROPERTY));
	}

	@Test
	void endOfTheFileIsAccepted() {
		assertThatNoException().isThrownBy(() -> this.root.checkStartPosition(this.afterInsert, PROPERTY));
	}

	@Test
	void offsetInsideAnEventNamesTheStartPositionProperty() {
		BinlogPosition inside = at(this.beforeInsert.position() + 1);
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> this.root.checkStartPosition(inside, PROPERTY))
			.satisfies((ex) -> {
				assertThatDescription(ex).startsWith(PROPERTY + " " + inside.file() + ":" + inside.position()
						+ " is not the start of an event in " + inside.file())
					.contains("Wrong offset")
					.doesNotContain("purged");
				assertThatAction(ex).startsWith("Set binlog.start-position to the start of an event")
					.contains("SHOW BINLOG EVENTS IN '" + inside.file() + "'");
			});
	}

	@Test
	void offsetPastTheEndOfTheFileIsRefused() {
		BinlogPosition past = at(this.afterInsert.position() + 100);
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> this.root.checkStartPosition(past, PROPERTY))
			.satisfies((ex) -> assertThatDescription(ex).contains("is past the end of " + past.file())
				.contains("which is " + this.afterInsert.position() + " bytes long"));
	}

	@Test
	void fileTheServerDoesNotHaveIsRefusedUnlessPurged() {
		BinlogPosition unknown = new BinlogPosition("mysql-bin.999999", 4, null);
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> this.root.checkStartPosition(unknown, PROPERTY))
			.satisfies((ex) -> {
				assertThatDescription(ex).contains("names a binary log file that the server at")
					.contains("(it has mysql-bin.000001");
				assertThatAction(ex).contains("binlog.start-position");
			});
	}

	@Test
	void fileOlderThanTheOldestIsLeftToTheOnMissingPolicy() {
		// what a purge leaves: the stream reports it, or continues as binlog.position.on-missing says
		BinlogPosition purged = new BinlogPosition("mysql-bin.000000", 4, null);
		assertThatNoException().isThrownBy(() -> this.root.checkStartPosition(purged, PROPERTY));
	}

	@Test
	void savedPositionNamesTheRecordToDelete() {
		String record = "the saved position 'default' in table binlog_position";
		BinlogPosition inside = at(this.beforeInsert.position() + 1);
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> this.root.checkStartPosition(inside, record))
			.satisfies((ex) -> {
				assertThatDescription(ex).startsWith("The saved position 'default' in table binlog_position "
						+ inside.file() + ":" + inside.position() + " is not the start of an event");
				assertThatAction(ex).startsWith("Delete " + record)
					.contains("then set binlog.start-position to the start of an event");
			});
	}

	@Test
	void userWithTheDocumentedGrantsGetsTheCheck() {
		this.server.createUser("cdc_check", "pw-check", "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");
		BinlogServer user = binlogServer("cdc_check", "pw-check");
		assertThatExceptionOfType(BinlogStreamException.class)
			.isThrownBy(() -> user.checkStartPosition(at(this.beforeInsert.position() + 1), PROPERTY))
			.withMessageContaining("is not the start of an event");
	}

	@Test
	void userWithoutBinlogMonitorSkipsTheCheck() {
		// SHOW BINARY LOGS and SHOW BINLOG EVENTS need BINLOG MONITOR (REPLICATION CLIENT) on MariaDB
		this.server.createUser("cdc_no_monitor", "pw-no-monitor", "REPLICATION SLAVE", "SELECT");
		BinlogServer user = binlogServer("cdc_no_monitor", "pw-no-monitor");
		assertThatNoException()
			.isThrownBy(() -> user.checkStartPosition(at(this.beforeInsert.position() + 1), PROPERTY));
	}

	@Test
	void gtidPositionIsNotChecked() {
		assertThatNoException()
			.isThrownBy(() -> this.root.checkStartPosition(new BinlogPosition("", 4, "0-1-1"), PROPERTY));
	}

	private BinlogPosition at(long offset) {
		return new BinlogPosition(this.beforeInsert.file(), offset, null);
	}

	private BinlogServer binlogServer(String username, String password) {
		return new BinlogServer(TestConnectionDetails.of(this.server.host(), this.server.port(), username, password),
				Duration.ofSeconds(5), getClass().getClassLoader());
	}

	private BinlogPosition masterStatus() throws SQLException {
		try (Connection connection = this.server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SHOW MASTER STATUS")) {
			rs.next();
			return new BinlogPosition(rs.getString(1), rs.getLong(2), null);
		}
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertThatDescription(BinlogStreamException ex) {
		return org.assertj.core.api.Assertions.assertThat(ex.getDescription());
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertThatAction(BinlogStreamException ex) {
		return org.assertj.core.api.Assertions.assertThat(ex.getAction());
	}

}
