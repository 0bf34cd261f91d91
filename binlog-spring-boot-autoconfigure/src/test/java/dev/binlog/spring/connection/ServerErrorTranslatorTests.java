package dev.binlog.spring.connection;

import java.sql.SQLException;
import java.time.Duration;

import com.github.shyiko.mysql.binlog.network.AuthenticationException;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.binlog.spring.BinlogPosition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server error code, one message, whichever connection reported it; never the password.
 */
class ServerErrorTranslatorTests {

	private static final String PASSWORD = "s3cr3t-Pw";

	private final ServerErrorTranslator errors = new ServerErrorTranslator(new BinlogLogin() {

		@Override
		public String getHost() {
			return "db.internal";
		}

		@Override
		public int getPort() {
			return 3306;
		}

		@Override
		public String getUsername() {
			return "cdc";
		}

		@Override
		public @Nullable String getPassword() {
			return PASSWORD;
		}

	}, Duration.ofSeconds(1), null);

	@Test
	void aMissingPrivilegeReadsTheSameOverJdbcAndOnTheBinlogConnection() {
		BinlogStreamException jdbc = this.errors.translate(new UncategorizedSQLException("SHOW MASTER STATUS", null,
				new SQLException("Access denied; you need the REPLICATION CLIENT privilege", "42000", 1227)));
		BinlogStreamException binlog = this.errors.translate(
				new ServerException("Access denied; you need the REPLICATION SLAVE privilege", 1227, "42000"),
				new BinlogPosition("mysql-bin.000001", 4, null), 5401L);
		for (BinlogStreamException ex : new BinlogStreamException[] { jdbc, binlog }) {
			assertThat(ex.getDescription()).startsWith("User 'cdc' lacks a privilege on db.internal:3306: Access denied");
			assertThat(ex.getAction()).contains("GRANT REPLICATION SLAVE, REPLICATION CLIENT");
			assertThat(ex.getMessage()).doesNotContain(PASSWORD);
		}
	}

	@Test
	void aRefusedLoginNamesTheCredentialProperties() {
		BinlogStreamException jdbc = this.errors.translate(new SQLException("Access denied for user", "28000", 1045));
		BinlogStreamException binlog = this.errors.translate(new AuthenticationException("Access denied for user"),
				null, 5401L);
		for (BinlogStreamException ex : new BinlogStreamException[] { jdbc, binlog }) {
			assertThat(ex.getDescription()).startsWith("The server at db.internal:3306 refused the login of user 'cdc'");
			assertThat(ex.getAction()).contains("binlog.username").contains("binlog.password");
			assertThat(ex.getMessage()).doesNotContain(PASSWORD);
		}
	}

	@Test
	void aMissingPositionNamesThePositionAndTheProperties() {
		ServerException purged = new ServerException("Could not find first log file name in binary log index file",
				1236, "HY000");
		assertThat(ServerErrorTranslator.isMissingPosition(purged)).isTrue();
		BinlogStreamException ex = this.errors.translate(purged, new BinlogPosition("mysql-bin.000003", 4, null),
				5401L);
		assertThat(ex.getDescription()).contains("cannot stream from mysql-bin.000003:4");
		assertThat(ex.getAction()).contains("binlog.start-position").contains("binlog.position.on-missing");
	}

	@Test
	void aDuplicateServerIdIsNotAMissingPositionAndNamesTheServerId() {
		ServerException duplicate = new ServerException(
				"A slave with the same server_uuid/server_id as this slave has connected to the master", 1236, "HY000");
		assertThat(ServerErrorTranslator.isMissingPosition(duplicate)).isFalse();
		BinlogStreamException ex = this.errors.translate(duplicate, null, 5401L);
		assertThat(ex.getDescription()).contains("rejected the binlog connection");
		assertThat(ex.getAction()).contains("binlog.server-id (now 5401)");
	}

}
