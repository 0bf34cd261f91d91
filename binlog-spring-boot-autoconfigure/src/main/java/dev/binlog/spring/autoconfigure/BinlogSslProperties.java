package dev.binlog.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * TLS for the binlog and the JDBC connection to the server: the {@code binlog.ssl.*} properties of
 * {@link BinlogProperties}.
 */
public class BinlogSslProperties {

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.*) whose trust material verifies the server's certificate.
	 * Setting it encrypts both the binlog and the JDBC connection; neither then falls back to plain text.
	 */
	private @Nullable String bundle;

	/**
	 * What to verify of the server's certificate: 'verify-identity' (issued by a CA the bundle trusts and
	 * naming binlog.host; the default when a bundle is set), 'verify-ca' (issued by a CA the bundle trusts, any
	 * host name) or 'disabled' (plain text, even when a bundle is set).
	 */
	private dev.binlog.spring.connection.BinlogTls.@Nullable Mode mode;

	public @Nullable String getBundle() {
		return this.bundle;
	}

	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

	public dev.binlog.spring.connection.BinlogTls.@Nullable Mode getMode() {
		return this.mode;
	}

	public void setMode(dev.binlog.spring.connection.BinlogTls.@Nullable Mode mode) {
		this.mode = mode;
	}

}
