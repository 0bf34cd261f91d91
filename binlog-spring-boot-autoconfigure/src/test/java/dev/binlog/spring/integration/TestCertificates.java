package dev.binlog.spring.integration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificate authorities and server certificates made for a test with the JDK's own {@code keytool}, so that
 * nothing but a JDK is needed (no openssl, no extra library). MariaDB reads PEM files: certificates are exported
 * with {@code -rfc}, and the server's private key is taken from keytool's PKCS12 store and written as PKCS#8 PEM.
 */
final class TestCertificates {

	// protects throw-away test stores only
	private static final String STORE_PASSWORD = "test-store";

	private TestCertificates() {
	}

	/**
	 * Create a self-signed certificate authority.
	 * @param dir where to keep its files
	 * @param name the common name, also the file name prefix
	 * @return the authority
	 */
	static Authority authority(Path dir, String name) {
		Path store = dir.resolve(name + ".p12");
		Path certificate = dir.resolve(name + ".pem");
		keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
				"-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign", "-validity", "2", "-keystore", store.toString(),
				"-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
		keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", store.toString(), "-storepass", STORE_PASSWORD,
				"-file", certificate.toString());
		return new Authority(dir, name, store, certificate);
	}

	private static void keytool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.add("-noprompt");
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run keytool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running keytool", ex);
		}
	}

	/**
	 * A certificate authority.
	 *
	 * @param dir where its files are
	 * @param name its common name
	 * @param store the PKCS12 store with its key
	 * @param certificate its certificate as PEM
	 */
	record Authority(Path dir, String name, Path store, Path certificate) {

		/**
		 * Issue a server certificate.
		 * @param name the common name, also the file name prefix
		 * @param subjectAlternativeNames keytool SAN entries such as {@code ip:127.0.0.1} or {@code dns:db.test}
		 * @return the certificate and its key as PEM files
		 */
		ServerCertificate issue(String name, String... subjectAlternativeNames) {
			return issue(name, List.of("-validity", "2"), subjectAlternativeNames);
		}

		/**
		 * Issue a server certificate whose validity ended yesterday.
		 * @param name the common name, also the file name prefix
		 * @param subjectAlternativeNames keytool SAN entries such as {@code ip:127.0.0.1}
		 * @return the certificate and its key as PEM files
		 */
		ServerCertificate issueExpired(String name, String... subjectAlternativeNames) {
			return issue(name, List.of("-startdate", "-3d", "-validity", "2"), subjectAlternativeNames);
		}

		/**
		 * Write a PKCS12 trust store that holds this authority's certificate only.
		 * @param password the store's password
		 * @return the store
		 */
		Path trustStore(String password) {
			Path trustStore = this.dir.resolve(this.name + "-trust.p12");
			keytool("-importcert", "-trustcacerts", "-alias", "ca", "-file", this.certificate.toString(), "-keystore",
					trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
			return trustStore;
		}

		private ServerCertificate issue(String name, List<String> validity, String... subjectAlternativeNames) {
			Path keyStore = this.dir.resolve(name + ".p12");
			Path request = this.dir.resolve(name + ".csr");
			Path certificate = this.dir.resolve(name + ".pem");
			Path key = this.dir.resolve(name + "-key.pem");
			keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
					"-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass",
					STORE_PASSWORD);
			keytool("-certreq", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
					"-file", request.toString());
			List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore",
					this.store.toString(), "-storepass", STORE_PASSWORD, "-infile", request.toString(), "-outfile",
					certificate.toString(), "-rfc"));
			gencert.addAll(validity);
			gencert.addAll(List.of("-ext", "SAN=" + String.join(",", subjectAlternativeNames), "-ext",
					"KU=digitalSignature,keyEncipherment", "-ext", "EKU=serverAuth"));
			keytool(gencert.toArray(String[]::new));
			writePrivateKey(keyStore, key);
			return new ServerCertificate(certificate, key);
		}

		private static void writePrivateKey(Path keyStore, Path target) {
			try (InputStream in = Files.newInputStream(keyStore)) {
				KeyStore store = KeyStore.getInstance("PKCS12");
				store.load(in, STORE_PASSWORD.toCharArray());
				Key key = store.getKey("server", STORE_PASSWORD.toCharArray());
				// getEncoded() of a private key is PKCS#8, which is what "BEGIN PRIVATE KEY" holds
				String pem = "-----BEGIN PRIVATE KEY-----\n"
						+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
							.encodeToString(key.getEncoded())
						+ "\n-----END PRIVATE KEY-----\n";
				Files.writeString(target, pem, StandardCharsets.US_ASCII);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Cannot export the key of " + keyStore, ex);
			}
		}

	}

	/**
	 * A server certificate and its private key, as PEM files for {@code --ssl-cert} and {@code --ssl-key}.
	 *
	 * @param certificate the certificate
	 * @param privateKey the private key
	 */
	record ServerCertificate(Path certificate, Path privateKey) {

	}

}
