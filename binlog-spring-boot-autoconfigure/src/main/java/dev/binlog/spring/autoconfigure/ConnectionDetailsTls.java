package dev.binlog.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.binlog.spring.BinaryLogClientCustomizer;
import dev.binlog.spring.connection.BinlogTls;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * TLS from the SSL bundle of the {@link BinlogConnectionDetails} (as a {@code @ServiceConnection} with
 * {@code @Ssl…} annotations or a Docker Compose service with SSL labels gives it), for when no
 * {@code binlog.ssl.*} property asks for TLS: those properties, when set, configure TLS in
 * {@link BinlogSslConfiguration} and win.
 */
final class ConnectionDetailsTls {

	/** What messages and the endpoint call a bundle that has no name in {@code spring.ssl.bundle.*}. */
	static final String BUNDLE_NAME = "connection-details";

	private ConnectionDetailsTls() {
	}

	/**
	 * Return the TLS the connections use.
	 * @param configured the TLS configured by {@code binlog.ssl.*}, or {@code null}
	 * @param details the connection details
	 * @param properties the properties, whose {@code binlog.ssl.mode} applies to the bundle of the details too
	 * @return the TLS, or {@code null} for plain text
	 */
	static @Nullable BinlogTls resolve(@Nullable BinlogTls configured, BinlogConnectionDetails details,
			BinlogProperties properties) {
		if (configured != null) {
			return configured;
		}
		SslBundle bundle = details.getSslBundle();
		BinlogTls.Mode mode = properties.getSsl().getMode();
		if (bundle == null || mode == BinlogTls.Mode.DISABLED) {
			return null;
		}
		return BinlogTls.of(BUNDLE_NAME, bundle, (mode != null) ? mode : BinlogTls.Mode.VERIFY_IDENTITY);
	}

	/**
	 * Return the customizers of the binlog client, with the one that makes it use the TLS of the connection
	 * details added last when the {@code binlog.ssl.*} properties did not register their own.
	 * @param customizers the application's customizers, in order
	 * @param configured the TLS configured by {@code binlog.ssl.*}, or {@code null}
	 * @param tls the TLS from {@link #resolve}
	 * @param details the connection details
	 * @return the customizers to apply
	 */
	static List<BinaryLogClientCustomizer> customizers(List<BinaryLogClientCustomizer> customizers,
			@Nullable BinlogTls configured, @Nullable BinlogTls tls, BinlogConnectionDetails details) {
		if (configured != null || tls == null) {
			return customizers;
		}
		List<BinaryLogClientCustomizer> all = new ArrayList<>(customizers);
		all.add(new BinlogSslConfiguration.TlsBinaryLogClientCustomizer(tls, details));
		return all;
	}

}
