package dev.binlog.test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A freshly installed data directory, kept next to the unpacked binaries and copied into every new
 * server's data directory.
 *
 * <p>Running the install script takes about a second, most of a server's start-up time, while
 * copying its 25 MB result takes a few milliseconds. A cleanly installed data directory holds no
 * absolute paths and no server identity, so copies of it are independent servers.
 */
final class DataDirectoryTemplate {

    private static final String COMPLETE_MARKER = ".template-complete";

    private DataDirectoryTemplate() {
    }

    /**
     * Fills an empty data directory with system tables and root accounts.
     * @param baseDir the unpacked binaries
     * @param dataDir the (empty or missing) data directory
     * @param installArguments the mysqld options the template is installed with
     */
    static void copyInto(Path baseDir, Path dataDir, List<String> installArguments)
            throws IOException {
        Path template = template(baseDir, installArguments);
        Files.createDirectories(dataDir);
        try (Stream<Path> files = Files.walk(template)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = template.relativize(source);
                if (relative.toString().equals(COMPLETE_MARKER)) {
                    continue;
                }
                Path target = dataDir.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(source, target);
                }
            }
        }
    }

    @SuppressWarnings("try") // the lock is held, not used
    private static synchronized Path template(Path baseDir, List<String> installArguments)
            throws IOException {
        // another set of options gives another template, so a changed default never reuses a stale one
        Path template = baseDir.resolveSibling(baseDir.getFileName() + "-datadir-" + digest(installArguments));
        if (Files.isRegularFile(template.resolve(COMPLETE_MARKER))) {
            return template;
        }
        Path lockFile = template.resolveSibling("." + template.getFileName() + ".lock");
        // several JVMs (Surefire forks, parallel builds) may need the template at once
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (Files.isRegularFile(template.resolve(COMPLETE_MARKER))) {
                return template;
            }
            MariaDbBinaries.deleteRecursively(template);
            MariaDbProcess.install(baseDir, template, installArguments);
            Files.writeString(template.resolve(COMPLETE_MARKER), String.join(" ", installArguments) + "\n");
        }
        return template;
    }

    private static String digest(List<String> installArguments) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                .digest(String.join("\n", installArguments).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

}
