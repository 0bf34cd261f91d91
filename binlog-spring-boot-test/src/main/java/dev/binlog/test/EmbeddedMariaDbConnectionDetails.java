package dev.binlog.test;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Spring Boot {@link JdbcConnectionDetails} of an {@link EmbeddedMariaDb}, declared as a bean in a test's
 * {@code @TestConfiguration}, as {@code @ServiceConnection} declares a container: the application's
 * {@code DataSource} connects to the embedded server, and so does the binlog starter, which takes the binlog
 * connection from the JDBC connection details when no {@code binlog.host} is set ({@code root} has the replication
 * privileges). No {@code spring.datasource.*} property is needed.
 *
 * <pre>{@code
 * @TestConfiguration(proxyBeanMethods = false)
 * static class Database {
 *
 *     @Bean
 *     EmbeddedMariaDbConnectionDetails database() {
 *         return EmbeddedMariaDbConnectionDetails.start("shop");
 *     }
 *
 * }
 * }</pre>
 *
 * <p>The bean owns the server: the context closes it when it closes, after its lifecycle beans (the binlog
 * listener container among them) have stopped, so that nothing is left reconnecting to a stopped server.
 * {@link EmbeddedBinlogServer} registers such a bean with no configuration class, and shares the server between
 * test classes.
 */
public final class EmbeddedMariaDbConnectionDetails implements JdbcConnectionDetails, AutoCloseable {

    private final EmbeddedMariaDb server;

    private final String database;

    private EmbeddedMariaDbConnectionDetails(EmbeddedMariaDb server, String database) {
        this.server = server;
        this.database = database;
    }

    /**
     * Starts an embedded MariaDB with the binary log on and creates the database the application connects to.
     * @param database the name of the database, created if it does not exist
     * @return the connection details, which own the server
     */
    public static EmbeddedMariaDbConnectionDetails start(String database) {
        return of(EmbeddedMariaDb.builder().start(), database);
    }

    /**
     * Returns connection details of a server started elsewhere (with server options of the test's own); closing
     * them closes the server.
     * @param server the started server
     * @param database the name of the database, created if it does not exist
     * @return the connection details, which own the server
     */
    public static EmbeddedMariaDbConnectionDetails of(EmbeddedMariaDb server, String database) {
        if (!database.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("Database name '" + database + "' is not a plain identifier");
        }
        server.execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
        return new EmbeddedMariaDbConnectionDetails(server, database);
    }

    /**
     * Returns the server, for statements a test runs itself.
     * @return the server
     */
    public EmbeddedMariaDb server() {
        return this.server;
    }

    @Override
    public String getJdbcUrl() {
        return this.server.jdbcUrl(this.database);
    }

    @Override
    public String getUsername() {
        return this.server.username();
    }

    @Override
    public String getPassword() {
        return this.server.password();
    }

    @Override
    public void close() {
        this.server.close();
    }

    @Override
    public String toString() {
        return "EmbeddedMariaDbConnectionDetails[" + getJdbcUrl() + "]";
    }

}
