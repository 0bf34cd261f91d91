package dev.binlog.spring;

import dev.binlog.spring.autoconfigure.BinlogConnectionDetails;
import org.jspecify.annotations.Nullable;

/**
 * Fixed {@link BinlogConnectionDetails}, as an application would define them as a bean, for tests of the wiring and
 * of the connection itself.
 */
public final class TestConnectionDetails implements BinlogConnectionDetails {

	private final String host;

	private final int port;

	private final String username;

	private final @Nullable String password;

	private TestConnectionDetails(String host, int port, String username, @Nullable String password) {
		this.host = host;
		this.port = port;
		this.username = username;
		this.password = password;
	}

	/**
	 * Return connection details with the given values.
	 * @param host the host
	 * @param port the port
	 * @param username the user
	 * @param password the password, or {@code null} for none
	 * @return the details
	 */
	public static BinlogConnectionDetails of(String host, int port, String username, @Nullable String password) {
		return new TestConnectionDetails(host, port, username, password);
	}

	@Override
	public String getHost() {
		return this.host;
	}

	@Override
	public int getPort() {
		return this.port;
	}

	@Override
	public String getUsername() {
		return this.username;
	}

	@Override
	public @Nullable String getPassword() {
		return this.password;
	}

	@Override
	public String toString() {
		// never the password
		return "TestConnectionDetails[" + this.username + "@" + this.host + ":" + this.port + "]";
	}

}
