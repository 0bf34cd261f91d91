package dev.binlog.spring.autoconfigure;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.connection.BinlogTls;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the binlog connection comes from: Spring Boot's {@link JdbcConnectionDetails} (as {@code @ServiceConnection}
 * and Docker Compose give them) when no {@code binlog.host} is set, and the SSL bundle of the connection details.
 * None of them connects to a server.
 */
class BinlogConnectionDetailsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BinlogAutoConfiguration.class))
		.withPropertyValues("binlog.auto-startup=false", "binlog.position.store=memory");

	@Test
	void runWithMariadbJdbcConnectionDetailsTakesServerAndLoginFromThem() {
		this.contextRunner.withBean(JdbcConnectionDetails.class, () -> jdbc("jdbc:mariadb://db.svc:3307/shop"))
			.run((context) -> {
				BinlogConnectionDetails details = context.getBean(BinlogConnectionDetails.class);
				assertThat(details.getHost()).isEqualTo("db.svc");
				assertThat(details.getPort()).isEqualTo(3307);
				assertThat(details.getUsername()).isEqualTo("app");
				assertThat(details.getPassword()).isEqualTo("app-secret");
			});
	}

	@Test
	void runWithMysqlJdbcConnectionDetailsTakesDefaultPortAndPrefersBinlogLogin() {
		this.contextRunner.withBean(JdbcConnectionDetails.class, () -> jdbc("jdbc:mysql://localhost/shop?useSSL=false"))
			.withPropertyValues("binlog.username=cdc", "binlog.password=cdc-secret")
			.run((context) -> {
				BinlogConnectionDetails details = context.getBean(BinlogConnectionDetails.class);
				assertThat(details.getHost()).isEqualTo("localhost");
				assertThat(details.getPort()).isEqualTo(3306);
				assertThat(details.getUsername()).isEqualTo("cdc");
				assertThat(details.getPassword()).isEqualTo("cdc-secret");
			});
	}

	@Test
	void runWithJdbcConnectionDetailsSeesThemOverDatasourceProperties() {
		this.contextRunner.withBean(JdbcConnectionDetails.class, () -> jdbc("jdbc:mariadb://container:49153/test"))
			.withPropertyValues("spring.datasource.url=jdbc:mysql://stale.example/shop", "spring.datasource.username=u")
			.run((context) -> assertThat(context.getBean(BinlogConnectionDetails.class).getHost())
				.isEqualTo("container"));
	}

	@Test
	void runWithBinlogHostStillWinsOverJdbcConnectionDetails() {
		this.contextRunner.withBean(JdbcConnectionDetails.class, () -> jdbc("jdbc:mariadb://db.svc:3307/shop"))
			.withPropertyValues("binlog.host=replica.example")
			.run((context) -> {
				BinlogConnectionDetails details = context.getBean(BinlogConnectionDetails.class);
				assertThat(details.getHost()).isEqualTo("replica.example");
				assertThat(details.getPort()).isEqualTo(3306);
				assertThat(details.getUsername()).isEqualTo("app");
			});
	}

	@Test
	void runWithNonMysqlJdbcConnectionDetailsFailsNamingThem() {
		this.contextRunner.withBean(JdbcConnectionDetails.class, () -> jdbc("jdbc:postgresql://db/shop"))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new BinlogStartupFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("the JDBC URL of the JdbcConnectionDetails bean is not a jdbc:mysql or jdbc:mariadb URL");
				assertThat(analysis.getAction()).contains("Set binlog.host");
			});
	}

	@Test
	void runWithoutSpringBootJdbcFallsBackToDatasourceProperties() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcConnectionDetails.class))
			.withPropertyValues("spring.datasource.url=jdbc:mariadb://db.internal:3310/shop",
					"spring.datasource.username=app")
			.run((context) -> {
				BinlogConnectionDetails details = context.getBean(BinlogConnectionDetails.class);
				assertThat(details.getHost()).isEqualTo("db.internal");
				assertThat(details.getPort()).isEqualTo(3310);
			});
	}

	@Test
	void runWithVerifyingModeAndNoBundlePropertyTakesBundleOfConnectionDetails() {
		this.contextRunner.withBean(BinlogConnectionDetails.class, () -> withBundle(trustingBundle()))
			.withPropertyValues("binlog.ssl.mode=verify-ca")
			.run((context) -> {
				BinlogTls tls = context.getBean(BinlogTls.class);
				assertThat(tls.bundleName()).isEqualTo(ConnectionDetailsTls.BUNDLE_NAME);
				assertThat(tls.mode()).isEqualTo(BinlogTls.Mode.VERIFY_CA);
			});
	}

	@Test
	void bundleOfConnectionDetailsGivesTlsThatVerifiesIdentity() {
		BinlogTls tls = ConnectionDetailsTls.resolve(null, withBundle(trustingBundle()), new BinlogProperties());
		assertThat(tls).isNotNull();
		assertThat(tls.bundleName()).isEqualTo(ConnectionDetailsTls.BUNDLE_NAME);
		assertThat(tls.mode()).isEqualTo(BinlogTls.Mode.VERIFY_IDENTITY);
		List<BinaryLogClientCustomizer> customizers = ConnectionDetailsTls.customizers(List.of(), null, tls,
				withBundle(trustingBundle()));
		assertThat(customizers).singleElement().isInstanceOf(BinlogSslConfiguration.TlsBinaryLogClientCustomizer.class);
	}

	@Test
	void disabledSslModeTurnsBundleOfConnectionDetailsOff() {
		BinlogProperties properties = new BinlogProperties();
		properties.getSsl().setMode(BinlogTls.Mode.DISABLED);
		assertThat(ConnectionDetailsTls.resolve(null, withBundle(trustingBundle()), properties)).isNull();
	}

	@Test
	void tlsFromSslPropertiesWinsOverBundleOfConnectionDetails() {
		BinlogTls configured = BinlogTls.of("db", trustingBundle(), BinlogTls.Mode.VERIFY_CA);
		assertThat(ConnectionDetailsTls.resolve(configured, withBundle(trustingBundle()), new BinlogProperties()))
			.isSameAs(configured);
		assertThat(ConnectionDetailsTls.customizers(List.of(), configured, configured, withBundle(trustingBundle())))
			.isEmpty();
	}

	@Test
	void connectionDetailsWithoutBundleKeepPlainText() {
		assertThat(ConnectionDetailsTls.resolve(null, withBundle(null), new BinlogProperties())).isNull();
	}

	private static JdbcConnectionDetails jdbc(String url) {
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return "app";
			}

			@Override
			public String getPassword() {
				return "app-secret";
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}

		};
	}

	private static BinlogConnectionDetails withBundle(@Nullable SslBundle bundle) {
		return new BinlogConnectionDetails() {

			@Override
			public String getHost() {
				return "db.example";
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
				return null;
			}

			@Override
			public @Nullable SslBundle getSslBundle() {
				return bundle;
			}

		};
	}

	// the JDK's CA certificates: a bundle with trust material, which is all these tests need
	private static SslBundle trustingBundle() {
		try {
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init((KeyStore) null);
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(null, null);
			return SslBundle.of(SslStoreBundle.NONE, SslBundleKey.NONE, SslOptions.NONE, "TLS",
					SslManagerBundle.of(keys, trust));
		}
		catch (NoSuchAlgorithmException | KeyStoreException | UnrecoverableKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
