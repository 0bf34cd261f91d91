package dev.binlog.spring.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * TLS for both connections the starter opens to the server, the binlog replication connection and the JDBC
 * connection, with the server's certificate verified against the trust material of a Spring Boot SSL bundle
 * ({@code binlog.ssl.bundle}). Either connection is encrypted and verified, or it fails: there is no fallback to
 * plain text and no mode that trusts any certificate.
 * <p>
 * Only the bundle's trust material is used. The starter presents no client certificate on either connection, so
 * that both log in the same way (users created {@code REQUIRE X509} cannot log in).
 */
public final class BinlogTls {

	private static final String MARIADB_DRIVER = "org.mariadb.jdbc.Driver";

	private static final String MYSQL_DRIVER = "com.mysql.cj.jdbc.Driver";

	private final String bundleName;

	private final Mode mode;

	private final String protocol;

	private final X509TrustManager trustManager;

	private final SSLContext sslContext;

	private final List<X509Certificate> trustedCertificates;

	private final String @Nullable [] enabledProtocols;

	private final String @Nullable [] ciphers;

	private final Object trustStoreMonitor = new Object();

	private @Nullable Path mysqlTrustStore;

	private @Nullable String mysqlTrustStorePassword;

	private BinlogTls(String bundleName, Mode mode, String protocol, X509TrustManager trustManager,
			SSLContext sslContext, SslOptions options) {
		this.bundleName = bundleName;
		this.mode = mode;
		this.protocol = protocol;
		this.trustManager = trustManager;
		this.sslContext = sslContext;
		this.trustedCertificates = List.of(trustManager.getAcceptedIssuers());
		this.enabledProtocols = options.getEnabledProtocols();
		this.ciphers = options.getCiphers();
	}

	/**
	 * Create the TLS settings of the connections to the server from an SSL bundle.
	 * @param bundleName the name of the bundle, for messages
	 * @param bundle the bundle whose trust material verifies the server's certificate
	 * @param mode what to verify; not {@link Mode#DISABLED}
	 * @return the TLS settings
	 * @throws BinlogStreamException if the bundle holds no trusted certificate
	 */
	public static BinlogTls of(String bundleName, SslBundle bundle, Mode mode) {
		if (mode == Mode.DISABLED) {
			throw new IllegalArgumentException("A disabled TLS mode needs no BinlogTls");
		}
		X509TrustManager trustManager = null;
		for (TrustManager candidate : bundle.getManagers().getTrustManagers()) {
			if (candidate instanceof X509TrustManager x509) {
				trustManager = x509;
				break;
			}
		}
		if (trustManager == null || trustManager.getAcceptedIssuers().length == 0) {
			throw new BinlogStreamException("SSL bundle '" + bundleName + "' (binlog.ssl.bundle) has no trusted "
					+ "certificate to verify the server's certificate with.",
					"Add the certificate of the CA that issued the server's certificate to the bundle's trust store, "
							+ "for example spring.ssl.bundle.pem." + bundleName
							+ ".truststore.certificate=classpath:db-ca.pem, or set binlog.ssl.bundle to a bundle "
							+ "that has one.");
		}
		String protocol = bundle.getProtocol();
		try {
			// the trust managers only: no client certificate, on this connection as on the JDBC one
			SSLContext context = SSLContext.getInstance(protocol);
			context.init(null, new TrustManager[] { trustManager }, null);
			return new BinlogTls(bundleName, mode, protocol, trustManager, context, bundle.getOptions());
		}
		catch (GeneralSecurityException ex) {
			throw new BinlogStreamException("Cannot create a TLS context for protocol '" + protocol
					+ "' of SSL bundle '" + bundleName + "' (binlog.ssl.bundle): " + ex.getMessage(),
					"Set spring.ssl.bundle.*." + bundleName + ".protocol to a protocol this JVM supports, such as "
							+ "TLS.",
					ex);
		}
	}

	/**
	 * Return the name of the SSL bundle.
	 * @return the bundle name
	 */
	public String bundleName() {
		return this.bundleName;
	}

	/**
	 * Return what is verified of the server's certificate.
	 * @return the mode, never {@link Mode#DISABLED}
	 */
	public Mode mode() {
		return this.mode;
	}

	/**
	 * Layer TLS over a connected socket to the server. The handshake verifies the server's certificate against
	 * the bundle's trust material and, with {@link Mode#VERIFY_IDENTITY}, that it names {@code host}: a handshake
	 * that does not verify fails.
	 * @param socket the connected plain socket, closed with the returned one
	 * @param host the host name or address the connection was made to, as configured ({@code binlog.host})
	 * @return the TLS socket, handshake not yet started
	 * @throws IOException if the socket cannot be created
	 */
	public SSLSocket layer(Socket socket, String host) throws IOException {
		SSLSocket tls = (SSLSocket) this.sslContext.getSocketFactory().createSocket(socket, host, socket.getPort(),
				true);
		tls.setUseClientMode(true);
		tls.setSSLParameters(parameters(tls.getSSLParameters()));
		return tls;
	}

	SSLParameters parameters(SSLParameters parameters) {
		if (this.mode == Mode.VERIFY_IDENTITY) {
			// the host name check of HTTPS (RFC 2818): DNS names, or IP addresses for an address, against the
			// host as configured; never against a name found by reverse DNS
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
		}
		if (this.enabledProtocols != null) {
			parameters.setProtocols(this.enabledProtocols);
		}
		if (this.ciphers != null) {
			parameters.setCipherSuites(this.ciphers);
		}
		return parameters;
	}

	X509TrustManager trustManager() {
		return this.trustManager;
	}

	String protocol() {
		return this.protocol;
	}

	/**
	 * Return the JDBC connection properties that make the given driver connect with TLS and the same verification
	 * as the binlog connection.
	 * @param driverClassName the JDBC driver
	 * @return the connection properties
	 */
	Properties jdbcProperties(String driverClassName) {
		Properties properties = new Properties();
		if (MARIADB_DRIVER.equals(driverClassName)) {
			// MariaDB Connector/J takes the trusted certificates as PEM text in serverSslCert: no file to write,
			// and with serverSslCert set it trusts these certificates only (neither the JVM's trust store nor
			// its password-based certificate check of MariaDB 11.4)
			properties.setProperty("sslMode", (this.mode == Mode.VERIFY_IDENTITY) ? "verify-full" : "verify-ca");
			properties.setProperty("serverSslCert", pem(this.trustedCertificates));
			if (this.enabledProtocols != null) {
				properties.setProperty("enabledSslProtocolSuites", String.join(",", this.enabledProtocols));
			}
			if (this.ciphers != null) {
				properties.setProperty("enabledSslCipherSuites", String.join(",", this.ciphers));
			}
		}
		else if (MYSQL_DRIVER.equals(driverClassName)) {
			// MySQL Connector/J reads trusted certificates from a key store URL only: a PKCS12 file with the
			// certificates, public data under a password of its own, never the password of the bundle's store
			Path trustStore = mysqlTrustStore();
			properties.setProperty("sslMode", (this.mode == Mode.VERIFY_IDENTITY) ? "VERIFY_IDENTITY" : "VERIFY_CA");
			properties.setProperty("trustCertificateKeyStoreUrl", trustStore.toUri().toString());
			properties.setProperty("trustCertificateKeyStoreType", "PKCS12");
			properties.setProperty("trustCertificateKeyStorePassword", String.valueOf(this.mysqlTrustStorePassword));
			properties.setProperty("fallbackToSystemTrustStore", "false");
			if (this.enabledProtocols != null) {
				properties.setProperty("tlsVersions", String.join(",", this.enabledProtocols));
			}
			if (this.ciphers != null) {
				properties.setProperty("tlsCiphersuites", String.join(",", this.ciphers));
			}
		}
		else {
			throw new IllegalStateException("No TLS settings for JDBC driver " + driverClassName);
		}
		return properties;
	}

	private Path mysqlTrustStore() {
		synchronized (this.trustStoreMonitor) {
			Path file = this.mysqlTrustStore;
			if (file != null) {
				return file;
			}
			String password = UUID.randomUUID().toString();
			try {
				KeyStore store = KeyStore.getInstance("PKCS12");
				store.load(null, null);
				for (int i = 0; i < this.trustedCertificates.size(); i++) {
					store.setCertificateEntry("ca-" + i, this.trustedCertificates.get(i));
				}
				file = Files.createTempFile("binlog-truststore-", ".p12");
				file.toFile().deleteOnExit();
				try (OutputStream out = Files.newOutputStream(file)) {
					store.store(out, password.toCharArray());
				}
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot write the trusted certificates of SSL bundle '"
						+ this.bundleName + "' for MySQL Connector/J: " + ex.getMessage(), ex);
			}
			this.mysqlTrustStore = file;
			this.mysqlTrustStorePassword = password;
			return file;
		}
	}

	private static String pem(List<X509Certificate> certificates) {
		Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
		StringBuilder pem = new StringBuilder();
		for (X509Certificate certificate : certificates) {
			try {
				pem.append("-----BEGIN CERTIFICATE-----\n")
					.append(encoder.encodeToString(certificate.getEncoded()))
					.append("\n-----END CERTIFICATE-----\n");
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot encode trusted certificate "
						+ certificate.getSubjectX500Principal(), ex);
			}
		}
		return pem.toString();
	}

	/**
	 * Find out why a TLS connection to the server failed, without logging in.
	 * @param host the host as configured
	 * @param port the port
	 * @param timeout the connect and read timeout
	 * @return a description of the TLS problem and what to change, or {@code null} if TLS is not the problem or
	 * the server cannot be asked
	 */
	@Nullable BinlogStreamException diagnose(String host, int port, Duration timeout) {
		return new TlsDiagnosis(this, host, port, timeout).run();
	}

	@Override
	public String toString() {
		return "BinlogTls[bundle=" + this.bundleName + ", mode=" + this.mode.name().toLowerCase(Locale.ROOT) + ", "
				+ this.trustedCertificates.size() + " trusted certificates"
				+ ((this.enabledProtocols != null) ? ", protocols=" + Arrays.toString(this.enabledProtocols) : "")
				+ "]";
	}

	/**
	 * What is verified of the server's certificate ({@code binlog.ssl.mode}).
	 */
	public enum Mode {

		/** Plain text, no TLS, even when {@code binlog.ssl.bundle} is set. */
		DISABLED,

		/** TLS; the server's certificate must be issued by a CA the bundle trusts. Any host name is accepted. */
		VERIFY_CA,

		/**
		 * TLS; the server's certificate must be issued by a CA the bundle trusts and name the host connected to
		 * ({@code binlog.host}) as a DNS name or IP address. The default with a bundle.
		 */
		VERIFY_IDENTITY

	}

}
