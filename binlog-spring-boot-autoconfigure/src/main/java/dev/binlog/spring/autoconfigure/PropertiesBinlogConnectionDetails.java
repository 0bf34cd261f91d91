package dev.binlog.spring.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.binlog.spring.connection.BinlogStreamException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * {@link BinlogConnectionDetails} from the {@code binlog.*} properties, falling back to the application's JDBC
 * connection (Spring Boot's {@code JdbcConnectionDetails}, else {@code spring.datasource.*}) when no
 * {@code binlog.host} is set.
 */
final class PropertiesBinlogConnectionDetails implements BinlogConnectionDetails {

	private static final int DEFAULT_PORT = 3306;

	// jdbc:mysql://host:port/db, jdbc:mariadb:replication://[::1]:3307,other/db, ...: the first host counts
	private static final Pattern JDBC_URL = Pattern
		.compile("^jdbc:(?:mysql|mariadb)(?::[a-z]+)?://(?:[^@/]*@)?(\\[[^\\]]+\\]|[^:/,?;]+)(?::(\\d+))?.*$");

	private final String host;

	private final int port;

	private final String username;

	private final @Nullable String password;

	PropertiesBinlogConnectionDetails(BinlogProperties properties, JdbcLogin jdbc) {
		if (properties.getHost() != null && !properties.getHost().isBlank()) {
			this.host = properties.getHost().trim();
			this.port = (properties.getPort() != null) ? properties.getPort() : DEFAULT_PORT;
		}
		else {
			String url = jdbc.url();
			Matcher matcher = (url != null) ? JDBC_URL.matcher(url.trim()) : null;
			if (matcher == null || !matcher.matches()) {
				throw new BinlogStreamException((url == null)
						? "binlog.host is not set and there is no " + jdbc.source() + " to take the server from."
						: "binlog.host is not set and " + jdbc.source() + " is not a jdbc:mysql or jdbc:mariadb URL.",
						"Set binlog.host (and binlog.port, binlog.username, binlog.password) to the MySQL/MariaDB "
								+ "server whose binlog to stream, or set binlog.enabled=false.");
			}
			String urlHost = matcher.group(1);
			this.host = (urlHost.startsWith("[")) ? urlHost.substring(1, urlHost.length() - 1) : urlHost;
			this.port = (properties.getPort() != null) ? properties.getPort()
					: (matcher.group(2) != null) ? Integer.parseInt(matcher.group(2)) : DEFAULT_PORT;
		}
		String user = (properties.getUsername() != null) ? properties.getUsername() : jdbc.username();
		if (user == null || user.isBlank()) {
			throw new BinlogStreamException("No user is set to log in to the binlog server " + this.host + ":"
					+ this.port + ".", "Set binlog.username (or spring.datasource.username) and binlog.password.");
		}
		this.username = user;
		this.password = (properties.getPassword() != null) ? properties.getPassword() : jdbc.password();
	}

	/**
	 * The JDBC side's login, taken where {@code binlog.*} leaves a gap.
	 * @param url the JDBC URL, or {@code null} for none
	 * @param username the user, or {@code null}
	 * @param password the password, or {@code null}
	 * @param source what the URL came from, for messages
	 */
	record JdbcLogin(@Nullable String url, @Nullable String username, @Nullable String password, String source) {

		static JdbcLogin fromProperties(Environment environment) {
			Binder binder = Binder.get(environment);
			return new JdbcLogin(binder.bind("spring.datasource.url", String.class).orElse(null),
					binder.bind("spring.datasource.username", String.class).orElse(null),
					binder.bind("spring.datasource.password", String.class).orElse(null), "spring.datasource.url");
		}

		@Override
		public String toString() {
			// never the password
			return "JdbcLogin[" + this.username + " " + this.source + "]";
		}

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
		return "BinlogConnectionDetails[" + this.username + "@" + this.host + ":" + this.port + "]";
	}

}
