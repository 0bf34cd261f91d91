package dev.binlog.spring.integration;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.Row;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.TestConnectionDetails;
import dev.binlog.spring.actuate.BinlogEndpoint;
import dev.binlog.spring.actuate.BinlogHealthIndicator;
import dev.binlog.spring.autoconfigure.BinlogEndpointAutoConfiguration;
import dev.binlog.spring.autoconfigure.BinlogHealthContributorAutoConfiguration;
import dev.binlog.spring.autoconfigure.BinlogConnectionDetails;
import dev.binlog.spring.connection.BinlogServer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.BinlogTls;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * TLS with the server's certificate verified against an SSL bundle, on a real MariaDB started with a CA and a server
 * certificate made for this test. The streaming user is created {@code REQUIRE SSL}, so that the server itself
 * refuses any plain-text login of it: a stream that runs proves both connections (JDBC and binlog) are encrypted.
 */
class TlsIntegrationTests {

	private static final String USER = "cdc_tls";

	private static final String PASSWORD = "tls-secret-7";

	@TempDir
	static Path certificates;

	private static TestCertificates.Authority authority;

	private static TestCertificates.Authority otherAuthority;

	private static EmbeddedMariaDb server;

	@BeforeAll
	static void startServerWithTls() {
		authority = TestCertificates.authority(certificates, "Binlog Test CA");
		otherAuthority = TestCertificates.authority(certificates, "Other CA");
		// an address only: a connection to 'localhost' does not match it
		TestCertificates.ServerCertificate certificate = authority.issue("binlog-test-server", "ip:127.0.0.1",
				"dns:db.binlog.test");
		server = EmbeddedMariaDb.builder()
			.serverArgument("--ssl")
			.serverArgument("--ssl-ca=" + authority.certificate())
			.serverArgument("--ssl-cert=" + certificate.certificate())
			.serverArgument("--ssl-key=" + certificate.privateKey())
			.start();
		server.createUser(USER, PASSWORD, "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");
		server.execute("ALTER USER '" + USER + "'@'%' REQUIRE SSL");
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void verifiedConnectionsStreamRowEvents() {
		String schema = TestServers.uniqueSchema("tls");
		server.execute("CREATE DATABASE " + schema,
				"CREATE TABLE " + schema + ".orders (id INT PRIMARY KEY, status VARCHAR(20))");
		runner().withPropertyValues(trustedBundle("db"), "binlog.ssl.bundle=db")
			.withBean(Recorder.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(BinlogTls.class).mode()).isEqualTo(BinlogTls.Mode.VERIFY_IDENTITY);
				Recorder recorder = context.getBean(Recorder.class);
				server.execute("INSERT INTO " + schema + ".orders VALUES (1, 'sent over TLS')");
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 1);
				Row row = ((TableWriteEvent) recorder.changes(schema).get(0)).getRows().get(0);
				assertThat(row.get("id")).isEqualTo(1);
				assertThat(row.get("status")).isEqualTo("sent over TLS");
				// the binlog stream is the REQUIRE SSL user's
				assertThat(binlogDumpUsers()).contains(USER);
			});
	}

	@Test
	void theStreamingUserIsRefusedInPlainText() {
		runner().run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("refused the login of user '" + USER + "'");
			assertThat(analysis.getAction()).contains("REQUIRE SSL").contains("binlog.ssl.bundle");
		});
	}

	@Test
	void bundleTrustingAnotherCaFailsTheStartupNamingTheBundle() {
		runner().withPropertyValues(bundle("other", otherAuthority), "binlog.ssl.bundle=other").run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("TLS certificate of the server at 127.0.0.1:" + server.port())
				.contains("CN=binlog-test-server")
				.contains("is not trusted by SSL bundle 'other' (binlog.ssl.bundle)");
			assertThat(analysis.getAction()).contains("CN=Binlog Test CA")
				.contains("spring.ssl.bundle.pem.other.truststore.certificate")
				.contains("binlog.ssl.bundle");
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD);
		});
	}

	@Test
	void hostNameNotInTheCertificateFailsWithVerifyIdentityAndPassesWithVerifyCa() {
		runner().withPropertyValues(trustedBundle("db"), "binlog.ssl.bundle=db", "binlog.host=localhost")
			.run((context) -> {
				FailureAnalysis analysis = BinlogContexts.analyze(context);
				assertThat(analysis.getDescription()).contains("not valid for host 'localhost'")
					.contains("IP:127.0.0.1")
					.contains("DNS:db.binlog.test");
				assertThat(analysis.getAction()).contains("binlog.host").contains("binlog.ssl.mode=verify-ca");
			});
		String schema = TestServers.uniqueSchema("tls_ca");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		runner().withPropertyValues(trustedBundle("db"), "binlog.ssl.bundle=db", "binlog.ssl.mode=verify-ca",
				"binlog.host=localhost")
			.withBean(Recorder.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Recorder recorder = context.getBean(Recorder.class);
				server.execute("INSERT INTO " + schema + ".t VALUES (7)");
				await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 1);
			});
	}

	@Test
	void unknownBundleNamesTheProperty() {
		runner().withPropertyValues(trustedBundle("db"), "binlog.ssl.bundle=dbb").run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("no SSL bundle 'dbb' (binlog.ssl.bundle)").contains("[db]");
			assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.dbb.truststore.certificate")
				.contains("binlog.ssl.bundle");
		});
	}

	@Test
	void verifyingModeWithoutBundleNamesTheBundleProperty() {
		runner().withPropertyValues("binlog.ssl.mode=verify-ca").run((context) -> {
			FailureAnalysis analysis = BinlogContexts.analyze(context);
			assertThat(analysis.getDescription()).contains("binlog.ssl.mode=verify-ca")
				.contains("binlog.ssl.bundle is not set");
			assertThat(analysis.getAction()).contains("binlog.ssl.bundle").contains("binlog.ssl.mode=disabled");
		});
	}

	@Test
	void modesThatTrustAnyCertificateAreNotAccepted() {
		runner().withPropertyValues(trustedBundle("db"), "binlog.ssl.bundle=db", "binlog.ssl.mode=required")
			.run((context) -> {
				// Spring Boot's own analysis of a property that does not bind
				FailureAnalysis analysis = BinlogContexts.analyzeWithAnyAnalyzer(context);
				assertThat(analysis.getDescription()).contains("binlog.ssl.mode").contains("required");
				assertThat(analysis.getAction()).contains("DISABLED").contains("VERIFY_CA").contains("VERIFY_IDENTITY");
			});
	}

	@Test
	void disabledModeConnectsInPlainTextDespiteABundle() {
		EmbeddedMariaDb plain = TestServers.get(RowMetadata.FULL);
		BinlogContexts.runner(plain)
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(trustedBundle("db"), "binlog.ssl.bundle=db", "binlog.ssl.mode=disabled")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(BinlogTls.class);
			});
	}

	@Test
	void serverWithoutTlsFailsTheStartupInsteadOfFallingBackToPlainText() {
		// started with --skip-ssl: have_ssl is DISABLED
		EmbeddedMariaDb plain = TestServers.get(RowMetadata.FULL);
		BinlogContexts.runner(plain)
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(trustedBundle("db"), "binlog.ssl.bundle=db")
			.run((context) -> {
				FailureAnalysis analysis = BinlogContexts.analyze(context);
				assertThat(analysis.getDescription()).contains("does not offer TLS (have_ssl is DISABLED)");
				assertThat(analysis.getAction()).contains("ssl_cert").contains("binlog.ssl.mode=disabled");
			});
	}

	@Test
	void binlogClientVerifiesTheServerCertificateOnItsOwn() {
		// without auto-startup the container stays idle: this drives a client with the starter's customizers only
		runner().withPropertyValues(trustedBundle("db"), bundle("other", otherAuthority), "binlog.ssl.bundle=db",
				"binlog.auto-startup=false")
			.run((context) -> {
				List<BinaryLogClientCustomizer> customizers = context.getBeanProvider(BinaryLogClientCustomizer.class)
					.orderedStream()
					.toList();
				// the REQUIRE SSL user gets in: the binlog connection is encrypted
				assertThat(connectBinlogClient(server, USER, PASSWORD, customizers)).isNull();
			});
		runner().withPropertyValues(bundle("other", otherAuthority), "binlog.ssl.bundle=other",
				"binlog.auto-startup=false")
			.run((context) -> {
				List<BinaryLogClientCustomizer> customizers = context.getBeanProvider(BinaryLogClientCustomizer.class)
					.orderedStream()
					.toList();
				assertThat(connectBinlogClient(server, USER, PASSWORD, customizers))
					.isInstanceOf(SSLHandshakeException.class);
				// a server without TLS is refused, not streamed from in plain text
				EmbeddedMariaDb plain = TestServers.get(RowMetadata.FULL);
				assertThat(connectBinlogClient(plain, plain.username(), plain.password(), customizers))
					.isInstanceOf(IOException.class)
					.hasMessageContaining("does not support SSL");
			});
	}

	@Test
	void mysqlConnectorJConnectsWithTheSameVerification() {
		ClassLoader withoutMariaDbDriver = new ClassLoader(getClass().getClassLoader()) {

			@Override
			protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
				if (name.startsWith("org.mariadb.")) {
					throw new ClassNotFoundException(name);
				}
				return super.loadClass(name, resolve);
			}

		};
		BinlogServer trusted = new BinlogServer(details("127.0.0.1"), Duration.ofSeconds(5), withoutMariaDbDriver,
				BinlogTls.of("db", pemBundle(authority), BinlogTls.Mode.VERIFY_IDENTITY));
		assertThat(trusted.inspect().mariaDb()).isTrue();
		assertThat(trusted.jdbc().queryForObject("SELECT CURRENT_USER()", String.class)).startsWith(USER + "@");

		BinlogServer untrusted = new BinlogServer(details("127.0.0.1"), Duration.ofSeconds(5), withoutMariaDbDriver,
				BinlogTls.of("other", pemBundle(otherAuthority), BinlogTls.Mode.VERIFY_CA));
		assertThatExceptionOfType(BinlogStreamException.class).isThrownBy(untrusted::inspect)
			.satisfies((ex) -> assertThat(ex.getDescription()).contains("is not trusted by SSL bundle 'other'"));

		BinlogServer wrongHost = new BinlogServer(details("localhost"), Duration.ofSeconds(5), withoutMariaDbDriver,
				BinlogTls.of("db", pemBundle(authority), BinlogTls.Mode.VERIFY_IDENTITY));
		assertThatExceptionOfType(BinlogStreamException.class).isThrownBy(wrongHost::inspect)
			.satisfies((ex) -> assertThat(ex.getDescription()).contains("not valid for host 'localhost'"));
	}

	@Test
	void expiredServerCertificateFailsTheStartupSayingItIsNotValidNow() {
		TestCertificates.ServerCertificate expired = authority.issueExpired("expired-server", "ip:127.0.0.1");
		try (EmbeddedMariaDb expiredServer = EmbeddedMariaDb.builder()
			.serverArgument("--ssl")
			.serverArgument("--ssl-ca=" + authority.certificate())
			.serverArgument("--ssl-cert=" + expired.certificate())
			.serverArgument("--ssl-key=" + expired.privateKey())
			.start()) {
			BinlogContexts.runner(expiredServer)
				.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
				.withPropertyValues(trustedBundle("db"), "binlog.ssl.bundle=db")
				.run((context) -> {
					FailureAnalysis analysis = BinlogContexts.analyze(context);
					assertThat(analysis.getDescription())
						.contains("TLS certificate of the server at 127.0.0.1:" + expiredServer.port())
						.contains("CN=expired-server")
						.contains("is not valid now: it is valid from ");
					assertThat(analysis.getAction()).contains("Renew the server's certificate (its ssl_cert)");
				});
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void pkcs12TrustStoreBundleStreamsAndItsPasswordIsShownNowhere(CapturedOutput output) {
		String storePassword = "Trust-Pw-5k2Q";
		String store = "spring.ssl.bundle.jks.store.truststore.";
		String location = store + "location=file:" + authority.trustStore(storePassword);
		String schema = TestServers.uniqueSchema("tls_store");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY)");
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("dev.binlog", LogLevel.DEBUG);
		try {
			runner().withConfiguration(AutoConfigurations.of(BinlogHealthContributorAutoConfiguration.class,
					BinlogEndpointAutoConfiguration.class))
				.withPropertyValues(location,
						store + "type=PKCS12", store + "password=" + storePassword, "binlog.ssl.bundle=store",
						"management.endpoints.web.exposure.include=binlog")
				.withBean(Recorder.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Recorder recorder = context.getBean(Recorder.class);
					server.execute("INSERT INTO " + schema + ".t VALUES (1)");
					await().atMost(TIMEOUT).until(() -> recorder.changes(schema).size() == 1);
					assertThat(binlogDumpUsers()).contains(USER);
					String shown = context.getBean(BinlogHealthIndicator.class).health(true) + " "
							+ context.getBean(BinlogEndpoint.class).status() + " " + context.getBean(BinlogTls.class);
					assertThat(shown).contains("UP").doesNotContain(storePassword);
				});
			// a failure with the same bundle: the host is not in the certificate
			runner().withPropertyValues(location,
					store + "type=PKCS12", store + "password=" + storePassword, "binlog.ssl.bundle=store",
					"binlog.host=localhost")
				.run((context) -> {
					assertThat(context).hasFailed();
					FailureAnalysis analysis = BinlogContexts.analyze(context);
					assertThat(analysis.getDescription()).contains("not valid for host 'localhost'");
					assertThat(analysis.getDescription() + analysis.getAction() + stackTrace(context.getStartupFailure()))
						.doesNotContain(storePassword);
				});
		}
		finally {
			logging.setLogLevel("dev.binlog", null);
		}
		assertThat(output.getAll()).contains("dev.binlog").doesNotContain(storePassword);
	}

	@Test
	void enabledProtocolsOfTheBundleApplyToTheJdbcConnection() {
		ClassLoader classLoader = getClass().getClassLoader();
		BinlogServer anyVersion = new BinlogServer(details("127.0.0.1"), Duration.ofSeconds(5), classLoader,
				BinlogTls.of("db", pemBundle(authority), BinlogTls.Mode.VERIFY_IDENTITY));
		assertThat(sslVersion(anyVersion)).as("the version without a restriction").isEqualTo("TLSv1.3");
		SslBundle onlyTls12 = SslBundle.of(new PemSslStoreBundle(null,
				PemSslStoreDetails.forCertificate("file:" + authority.certificate())), null,
				SslOptions.of(null, new String[] { "TLSv1.2" }));
		BinlogServer tls12 = new BinlogServer(details("127.0.0.1"), Duration.ofSeconds(5), classLoader,
				BinlogTls.of("db", onlyTls12, BinlogTls.Mode.VERIFY_IDENTITY));
		assertThat(sslVersion(tls12)).isEqualTo("TLSv1.2");
	}

	@Test
	void enabledProtocolsOfTheBundleApplyToTheBinlogConnection() {
		// TLS 1.1 is switched off in the JVM (jdk.tls.disabledAlgorithms): a bundle allowing it only cannot connect
		runner().withPropertyValues(trustedBundle("old"), "spring.ssl.bundle.pem.old.options.enabled-protocols=TLSv1.1",
				"binlog.ssl.bundle=old", "binlog.auto-startup=false")
			.run((context) -> {
				List<BinaryLogClientCustomizer> customizers = context.getBeanProvider(BinaryLogClientCustomizer.class)
					.orderedStream()
					.toList();
				assertThat(connectBinlogClient(server, USER, PASSWORD, customizers))
					.isInstanceOf(SSLHandshakeException.class);
			});
	}

	private static String sslVersion(BinlogServer server) {
		return server.jdbc()
			.queryForObject("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS "
					+ "WHERE VARIABLE_NAME = 'SSL_VERSION'", String.class);
	}

	private static String stackTrace(@Nullable Throwable failure) {
		StringWriter trace = new StringWriter();
		if (failure != null) {
			failure.printStackTrace(new PrintWriter(trace));
		}
		return trace.toString();
	}

	private static ApplicationContextRunner runner() {
		return BinlogContexts.runner(server)
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("binlog.username=" + USER, "binlog.password=" + PASSWORD);
	}

	private static String trustedBundle(String name) {
		return bundle(name, authority);
	}

	private static String bundle(String name, TestCertificates.Authority trusted) {
		return "spring.ssl.bundle.pem." + name + ".truststore.certificate=file:" + trusted.certificate();
	}

	private static SslBundle pemBundle(TestCertificates.Authority trusted) {
		return SslBundle.of(new PemSslStoreBundle(null,
				PemSslStoreDetails.forCertificate("file:" + trusted.certificate())));
	}

	private static BinlogConnectionDetails details(String host) {
		return TestConnectionDetails.of(host, server.port(), USER, PASSWORD);
	}

	private static List<String> binlogDumpUsers() throws Exception {
		List<String> users = new ArrayList<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT USER FROM information_schema.PROCESSLIST WHERE COMMAND = 'Binlog Dump'")) {
			while (rs.next()) {
				users.add(rs.getString(1));
			}
		}
		return users;
	}

	/**
	 * Connect a binlog client with the given customizers, wait until it streams, then disconnect.
	 * @return {@code null} when it streamed, else why it could not connect
	 */
	private static @Nullable Throwable connectBinlogClient(EmbeddedMariaDb target, String user, String password,
			List<BinaryLogClientCustomizer> customizers) throws Exception {
		BinaryLogClient client = new BinaryLogClient(target.host(), target.port(), user, password);
		client.setServerId(4_000_000 + (int) (Math.random() * 1000));
		client.setConnectTimeout(5000);
		customizers.forEach((customizer) -> customizer.customize(client));
		CompletableFuture<Void> connected = new CompletableFuture<>();
		client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {

			@Override
			public void onConnect(BinaryLogClient binlog) {
				connected.complete(null);
			}

		});
		// connect() blocks while streaming: run it aside and wait for whichever comes first
		CompletableFuture<@Nullable Throwable> outcome = CompletableFuture.supplyAsync(() -> {
			try {
				client.connect();
				return null;
			}
			catch (IOException ex) {
				return ex;
			}
		});
		try {
			CompletableFuture.anyOf(connected, outcome).get(15, TimeUnit.SECONDS);
			return connected.isDone() ? null : outcome.join();
		}
		finally {
			client.disconnect();
		}
	}

}
