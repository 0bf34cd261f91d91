package dev.binlog.spring.autoconfigure;

import java.io.IOException;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.BinlogTls;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * TLS for the connections to the server when {@code binlog.ssl.bundle} (or a verifying {@code binlog.ssl.mode})
 * is set: a {@link BinlogTls} from the SSL bundle, used by the JDBC side, and a {@link BinaryLogClientCustomizer}
 * that makes the binlog client use it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BinlogSslConfiguration.TlsRequestedCondition.class)
class BinlogSslConfiguration {

	private static final Log logger = LogFactory.getLog(BinlogSslConfiguration.class);

	@Bean
	BinlogTls binlogTls(BinlogProperties properties, ObjectProvider<SslBundles> sslBundles,
			BinlogConnectionDetails connectionDetails) {
		BinlogSslProperties ssl = properties.getSsl();
		BinlogTls.Mode mode = (ssl.getMode() != null) ? ssl.getMode() : BinlogTls.Mode.VERIFY_IDENTITY;
		String name = ssl.getBundle();
		if (!StringUtils.hasText(name) && connectionDetails.getSslBundle() != null) {
			return BinlogTls.of(ConnectionDetailsTls.BUNDLE_NAME, connectionDetails.getSslBundle(), mode);
		}
		if (!StringUtils.hasText(name)) {
			throw new BinlogStreamException("binlog.ssl.mode=" + value(mode) + " asks for a verified TLS connection, "
					+ "but binlog.ssl.bundle is not set, so there is no trust material to verify the server's "
					+ "certificate with.",
					"Set binlog.ssl.bundle to the name of an SSL bundle (spring.ssl.bundle.*) that trusts the CA of "
							+ "the server's certificate, or set binlog.ssl.mode=disabled to connect in plain text.");
		}
		String bundleName = name.trim();
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new BinlogStreamException("binlog.ssl.bundle=" + bundleName + " is set, but the application has no "
					+ "SSL bundles (no SslBundles bean).",
					"Keep Spring Boot's SslAutoConfiguration enabled (it registers the spring.ssl.bundle.* bundles), "
							+ "or define an SslBundles bean.");
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			List<String> known = bundles.getBundleNames();
			throw new BinlogStreamException("There is no SSL bundle '" + bundleName + "' (binlog.ssl.bundle); "
					+ (known.isEmpty() ? "no bundle is configured." : "the configured bundles are " + known + "."),
					"Define the bundle, for example spring.ssl.bundle.pem." + bundleName
							+ ".truststore.certificate=classpath:db-ca.pem (or spring.ssl.bundle.jks." + bundleName
							+ ".truststore.location), or set binlog.ssl.bundle to the name of a configured bundle.",
					ex);
		}
		BinlogTls tls = BinlogTls.of(bundleName, bundle, mode);
		if (bundle.getStores().getKeyStore() != null) {
			logger.info("The key store of SSL bundle '" + bundleName + "' is not used: the binlog connections present "
					+ "no client certificate");
		}
		logger.info("Binlog and JDBC connections to the server use TLS, verifying the server's certificate against "
				+ "SSL bundle '" + bundleName + "' (binlog.ssl.mode=" + value(mode) + ")");
		return tls;
	}

	@Bean
	TlsBinaryLogClientCustomizer tlsBinaryLogClientCustomizer(BinlogTls tls,
			BinlogConnectionDetails connectionDetails) {
		return new TlsBinaryLogClientCustomizer(tls, connectionDetails);
	}

	private static String value(BinlogTls.Mode mode) {
		return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Makes each new binlog client connect with TLS, verified by the {@link BinlogTls}. Ordered last (and
	 * registered after the application's own beans), so that binlog.ssl.* wins over a customizer that touches the
	 * client's SSL settings too.
	 */
	static final class TlsBinaryLogClientCustomizer implements BinaryLogClientCustomizer, Ordered {

		private final BinlogTls tls;

		private final BinlogConnectionDetails connectionDetails;

		TlsBinaryLogClientCustomizer(BinlogTls tls, BinlogConnectionDetails connectionDetails) {
			this.tls = tls;
			this.connectionDetails = connectionDetails;
		}

		@Override
		public void customize(BinaryLogClient client) {
			String host = this.connectionDetails.getHost();
			// VERIFY_CA, also for verify-identity: it makes the client refuse a server without TLS instead of
			// falling back to plain text (as PREFERRED does), and uses our socket factory, which verifies the
			// chain and, for verify-identity, the host name in the handshake. The client's own VERIFY_IDENTITY
			// check would add nothing but false failures: it matches DNS names only (a certificate for an IP
			// address never passes) against the name reverse DNS gives for an address, not against binlog.host.
			client.setSSLMode(SSLMode.VERIFY_CA);
			client.setSslSocketFactory((socket) -> {
				try {
					return this.tls.layer(socket, host);
				}
				catch (SocketException ex) {
					throw ex;
				}
				catch (IOException ex) {
					SocketException failure = new SocketException(ex.getMessage());
					failure.initCause(ex);
					throw failure;
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	/**
	 * Matches when TLS is asked for: {@code binlog.ssl.bundle} is set and {@code binlog.ssl.mode} is not
	 * {@code disabled}, or {@code binlog.ssl.mode} is set to anything else (a verifying mode fails without a
	 * bundle; a value that is no mode fails the binding of the properties, which lists the valid ones).
	 */
	static final class TlsRequestedCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Binder binder = Binder.get(context.getEnvironment());
			String bundle = binder.bind("binlog.ssl.bundle", String.class).orElse(null);
			String mode = binder.bind("binlog.ssl.mode", String.class).orElse(null);
			if (StringUtils.hasText(mode)) {
				// as leniently as the binding of the enum: 'disabled', 'DISABLED', ...
				return mode.replaceAll("[^A-Za-z0-9]", "").equalsIgnoreCase("disabled")
						? ConditionOutcome.noMatch("binlog.ssl.mode is disabled")
						: ConditionOutcome.match("binlog.ssl.mode is " + mode);
			}
			return StringUtils.hasText(bundle) ? ConditionOutcome.match("binlog.ssl.bundle is set")
					: ConditionOutcome.noMatch("neither binlog.ssl.bundle nor binlog.ssl.mode is set");
		}

	}

}
