package dev.binlog.spring.connection;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;

/**
 * Finds out why a TLS connection to the server failed. The JDBC drivers and the binlog client each word a TLS
 * failure their own way, when they name it at all; this asks the server directly, the same way for all of them:
 * it reads the server's greeting (does it offer TLS?), asks for TLS as a MySQL client does, and checks the
 * certificate the server presents against the bundle's trust material and the configured host. It never logs in:
 * no credentials are sent, so asking cannot lock an account or leak a password.
 */
final class TlsDiagnosis {

	// capability flags of the MySQL client/server protocol
	private static final int CLIENT_LONG_PASSWORD = 0x0001;

	private static final int CLIENT_PROTOCOL_41 = 0x0200;

	private static final int CLIENT_SSL = 0x0800;

	private static final int CLIENT_SECURE_CONNECTION = 0x8000;

	private static final int UTF8_GENERAL_CI = 33;

	private final BinlogTls tls;

	private final String host;

	private final int port;

	private final Duration timeout;

	TlsDiagnosis(BinlogTls tls, String host, int port, Duration timeout) {
		this.tls = tls;
		this.host = host;
		this.port = port;
		this.timeout = timeout;
	}

	@Nullable BinlogStreamException run() {
		int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, this.timeout.toMillis()));
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), millis);
			socket.setSoTimeout(millis);
			byte[] greeting = readPacket(new DataInputStream(socket.getInputStream()));
			if (greeting.length == 0 || (greeting[0] & 0xFF) == 0xFF) {
				// an error instead of a greeting (too many connections, host blocked): not a TLS matter
				return null;
			}
			if ((capabilities(greeting) & CLIENT_SSL) == 0) {
				return noTls();
			}
			requestTls(socket.getOutputStream());
			return handshake(socket);
		}
		catch (IOException | RuntimeException ex) {
			// the server cannot be asked: the original failure is reported as it is
			return null;
		}
	}

	private static byte[] readPacket(DataInputStream in) throws IOException {
		byte[] header = new byte[4];
		in.readFully(header);
		int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
		if (length > 64 * 1024) {
			throw new IOException("Not a MySQL greeting");
		}
		byte[] payload = new byte[length];
		in.readFully(payload);
		return payload;
	}

	private static int capabilities(byte[] greeting) throws IOException {
		// protocol version, server version (NUL-terminated), connection id (4), auth data (8), filler (1), then
		// the lower two bytes of the capability flags
		int offset = 1;
		while (offset < greeting.length && greeting[offset] != 0) {
			offset++;
		}
		offset += 1 + 4 + 8 + 1;
		if (offset + 2 > greeting.length) {
			throw new IOException("Not a MySQL greeting");
		}
		return (greeting[offset] & 0xFF) | (greeting[offset + 1] & 0xFF) << 8;
	}

	private static void requestTls(OutputStream out) throws IOException {
		// SSLRequest: capabilities, max packet size, character set, 23 zero bytes; sequence number 1
		byte[] packet = new byte[4 + 32];
		packet[0] = 32;
		packet[3] = 1;
		int flags = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION;
		writeInt(packet, 4, flags);
		writeInt(packet, 8, 1 << 24);
		packet[12] = UTF8_GENERAL_CI;
		out.write(packet);
		out.flush();
	}

	private static void writeInt(byte[] buffer, int offset, int value) {
		for (int i = 0; i < 4; i++) {
			buffer[offset + i] = (byte) (value >>> (8 * i));
		}
	}

	private @Nullable BinlogStreamException handshake(Socket socket) throws IOException {
		Recorder recorder = new Recorder(this.tls.trustManager(), this.tls.mode() == BinlogTls.Mode.VERIFY_IDENTITY);
		SSLSocket ssl;
		try {
			SSLContext context = SSLContext.getInstance(this.tls.protocol());
			context.init(null, new TrustManager[] { recorder }, null);
			ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, this.host, this.port, false);
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
		ssl.setUseClientMode(true);
		ssl.setSSLParameters(this.tls.parameters(ssl.getSSLParameters()));
		try {
			ssl.startHandshake();
			// the certificate verifies: TLS is not what failed
			return null;
		}
		catch (SSLException ex) {
			X509Certificate certificate = recorder.certificate;
			if (recorder.untrusted != null && certificate != null) {
				return untrusted(certificate, recorder.untrusted);
			}
			if (recorder.wrongHost != null && certificate != null) {
				return wrongHost(certificate);
			}
			return handshakeFailed(ex);
		}
		finally {
			closeQuietly(ssl);
		}
	}

	private static void closeQuietly(SSLSocket ssl) {
		try {
			ssl.close();
		}
		catch (IOException ex) {
			// the plain socket is closed by the caller
		}
	}

	private String server() {
		return this.host + ":" + this.port;
	}

	private BinlogStreamException noTls() {
		return new BinlogStreamException("The server at " + server() + " does not offer TLS (have_ssl is DISABLED), "
				+ "but binlog.ssl.bundle asks for a verified TLS connection; the starter never falls back to plain text.",
				"Enable TLS on the server (ssl_cert, ssl_key and ssl_ca in its configuration, then restart it; SHOW "
						+ "VARIABLES LIKE 'have_ssl' then says YES), or set binlog.ssl.mode=disabled to connect in "
						+ "plain text.");
	}

	private BinlogStreamException untrusted(X509Certificate certificate, CertificateException ex) {
		String bundle = this.tls.bundleName();
		String described = "The TLS certificate of the server at " + server() + " ("
				+ certificate.getSubjectX500Principal().getName() + ", issued by "
				+ certificate.getIssuerX500Principal().getName() + ")";
		if (ServerErrorTranslator.find(ex, CertificateExpiredException.class) != null
				|| ServerErrorTranslator.find(ex, CertificateNotYetValidException.class) != null || !valid(certificate)) {
			return new BinlogStreamException(described + " is not valid now: it is valid from "
					+ certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant() + ".",
					"Renew the server's certificate (its ssl_cert), or check the clocks of the server and this host.",
					ex);
		}
		return new BinlogStreamException(described + " is not trusted by SSL bundle '" + bundle
				+ "' (binlog.ssl.bundle): " + rootMessage(ex),
				"Add the certificate of the CA that issued the server's certificate ("
						+ certificate.getIssuerX500Principal().getName() + ") to the trust material of SSL bundle '"
						+ bundle + "' (spring.ssl.bundle.pem." + bundle + ".truststore.certificate or spring.ssl.bundle.jks."
						+ bundle + ".truststore.location), or set binlog.ssl.bundle to a bundle that trusts it.",
				ex);
	}

	private BinlogStreamException wrongHost(X509Certificate certificate) {
		return new BinlogStreamException("The TLS certificate of the server at " + server()
				+ " is issued by a CA that SSL bundle '" + this.tls.bundleName() + "' trusts, but is not valid for host '"
				+ this.host + "': it names " + names(certificate) + ".",
				"Set binlog.host to a name the certificate holds, have the server's certificate reissued with '"
						+ this.host + "' among its subject alternative names, or set binlog.ssl.mode=verify-ca to "
						+ "verify the CA only.");
	}

	private BinlogStreamException handshakeFailed(SSLException ex) {
		String bundle = this.tls.bundleName();
		return new BinlogStreamException("The TLS handshake with the server at " + server() + " failed: "
				+ rootMessage(ex),
				"Check that the server and SSL bundle '" + bundle + "' have a TLS version and cipher in common (the "
						+ "server's tls_version and ssl_cipher; spring.ssl.bundle.*." + bundle + ".options and "
						+ ".protocol), and see the server's error log.",
				ex);
	}

	private static boolean valid(X509Certificate certificate) {
		try {
			certificate.checkValidity();
			return true;
		}
		catch (CertificateExpiredException | CertificateNotYetValidException ex) {
			return false;
		}
	}

	private static String names(X509Certificate certificate) {
		List<String> names = new ArrayList<>();
		try {
			Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
			if (alternatives != null) {
				for (List<?> name : alternatives) {
					Object type = name.get(0);
					if (Integer.valueOf(2).equals(type)) {
						names.add("DNS:" + name.get(1));
					}
					else if (Integer.valueOf(7).equals(type)) {
						names.add("IP:" + name.get(1));
					}
				}
			}
		}
		catch (CertificateParsingException ex) {
			// named by its subject below
		}
		return names.isEmpty()
				? "no DNS name or IP address (subject " + certificate.getSubjectX500Principal().getName() + ")"
				: String.join(", ", names);
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	/**
	 * Verifies the server's chain with the bundle's trust manager as a connection does, recording which check
	 * failed: the chain first, then (when asked) the host name.
	 */
	private static final class Recorder extends X509ExtendedTrustManager {

		private final X509TrustManager delegate;

		private final boolean checkHost;

		private @Nullable X509Certificate certificate;

		private @Nullable CertificateException untrusted;

		private @Nullable CertificateException wrongHost;

		Recorder(X509TrustManager delegate, boolean checkHost) {
			this.delegate = delegate;
			this.checkHost = checkHost;
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.certificate = (chain.length > 0) ? chain[0] : null;
			try {
				this.delegate.checkServerTrusted(chain, authType);
			}
			catch (CertificateException ex) {
				this.untrusted = ex;
				throw ex;
			}
			if (this.checkHost && this.delegate instanceof X509ExtendedTrustManager extended) {
				try {
					// with the socket, the trust manager also checks the host of the socket's endpoint
					// identification, the check the real connections make
					extended.checkServerTrusted(chain, authType, socket);
				}
				catch (CertificateException ex) {
					this.wrongHost = ex;
					throw ex;
				}
			}
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			throw new CertificateException("Not used with an SSLEngine");
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("Not used without a socket");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			throw new CertificateException("Not a server");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			throw new CertificateException("Not a server");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("Not a server");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.delegate.getAcceptedIssuers();
		}

	}

}
