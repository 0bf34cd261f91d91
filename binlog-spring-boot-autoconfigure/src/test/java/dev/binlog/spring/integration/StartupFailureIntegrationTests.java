package dev.binlog.spring.integration;

import java.net.ServerSocket;

import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers and settings that cannot work: each fails the application startup with a message naming what to
 * change, through the failure analyzer Spring Boot would print.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureIntegrationTests {

	@Test
	void unreachableServerNamesHostAndPort() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		BinlogContexts.runner(server).withPropertyValues("binlog.port=" + port).run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("Cannot connect").contains("127.0.0.1:" + port);
			assertThat(analysis.getAction()).contains("binlog.host").contains("binlog.port");
		});
	}

	@Test
	void wrongPasswordNamesTheCredentialPropertiesAndNeverThePassword() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		server.createUser("cdc_wrong_pw", "right-password", "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.username=cdc_wrong_pw", "binlog.password=Wr0ngSecret")
			.run((context) -> {
				FailureAnalysis analysis = BinlogContexts.analyze(context);
				assertThat(analysis.getDescription()).contains("refused the login of user 'cdc_wrong_pw'");
				assertThat(analysis.getAction()).contains("binlog.username").contains("binlog.password");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("Wr0ngSecret");
			});
	}

	@Test
	void missingReplicationGrantNamesTheGrant() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		server.createUser("cdc_no_repl", "pw-no-repl", "SELECT", "REPLICATION CLIENT");
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.username=cdc_no_repl", "binlog.password=pw-no-repl")
			.run((context) -> {
				FailureAnalysis analysis = BinlogContexts.analyze(context);
				assertThat(analysis.getDescription()).contains("cdc_no_repl");
				assertThat(analysis.getAction()).contains("REPLICATION SLAVE");
			});
	}

	@Test
	void missingReplicationClientGrantNamesTheGrant() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		server.createUser("cdc_no_client", "pw-no-client", "SELECT", "REPLICATION SLAVE");
		BinlogContexts.runner(server)
			.withPropertyValues("binlog.username=cdc_no_client", "binlog.password=pw-no-client")
			.run((context) -> {
				FailureAnalysis analysis = BinlogContexts.analyze(context);
				assertThat(analysis.getDescription()).contains("User 'cdc_no_client' lacks a privilege")
					.contains("BINLOG MONITOR");
				assertThat(analysis.getAction()).contains("REPLICATION CLIENT");
			});
	}

	@Test
	void includePatternWithoutTablesIsAWarning(CapturedOutput output) {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		BinlogContexts.runner(server).withPropertyValues("binlog.include=nosuchschema\\.orders").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("binlog.include pattern 'nosuchschema\\.orders' matches no table");
		});
	}

	@Test
	void serverWithoutBinaryLogNamesLogBin() {
		try (EmbeddedMariaDb server = EmbeddedMariaDb.builder().binlog(false).start()) {
			BinlogContexts.runner(server).run((context) -> {
				FailureAnalysis analysis = BinlogContexts.analyze(context);
				assertThat(analysis.getDescription()).contains("binary log is disabled").contains("log_bin");
				assertThat(analysis.getAction()).contains("log_bin").contains("binlog_format=ROW");
			});
		}
	}

	@Test
	void statementFormatNamesBinlogFormat() {
		try (EmbeddedMariaDb server = EmbeddedMariaDb.builder().binlogFormat("STATEMENT").start()) {
			BinlogContexts.runner(server).run((context) -> {
				FailureAnalysis analysis = BinlogContexts.analyze(context);
				assertThat(analysis.getDescription()).contains("binlog_format=STATEMENT");
				assertThat(analysis.getAction()).contains("binlog_format=ROW");
			});
		}
	}

	@Test
	void purgedStartPositionNamesTheStartPositionProperty() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		BinlogContexts.runner(server).withPropertyValues("binlog.start-position=mysql-bin.999999:4").run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("mysql-bin.999999:4");
			assertThat(analysis.getAction()).contains("binlog.start-position");
		});
	}

}
