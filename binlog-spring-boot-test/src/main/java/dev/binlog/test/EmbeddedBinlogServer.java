package dev.binlog.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a Spring test against an {@link EmbeddedMariaDb} with the binary log on, with no property: the test's
 * application context gets the server's {@link EmbeddedMariaDbConnectionDetails} as a bean, as
 * {@code @ServiceConnection} registers a container's, so the application's {@code DataSource} connects to it and so
 * does the binlog starter (which takes the binlog connection from the JDBC connection details when no
 * {@code binlog.host} is set).
 *
 * <pre>{@code
 * @SpringBootTest
 * @EmbeddedBinlogServer(database = "shop")
 * class OrderListenerTests {
 *
 *     @Autowired EmbeddedMariaDbConnectionDetails database;   // database.server() runs statements of the test's own
 *
 * }
 * }</pre>
 *
 * <p>One server is started per {@link #rowMetadata() row metadata} and test run, on first use, and shared by every
 * test class that asks for it; each {@link #database() database} is created in it if missing. At the end of the
 * run the application contexts that use a server are closed first (stopping their binlog containers), then the
 * server. As with {@code @ServiceConnection}, {@code spring.datasource.*} properties are ignored; an explicit
 * {@code binlog.host} still wins for the binlog connection.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedBinlogServerExtension.class)
public @interface EmbeddedBinlogServer {

    /**
     * How much column information the server writes into its table map events ({@code binlog_row_metadata}).
     * @return the row metadata, {@link RowMetadata#FULL} by default
     */
    RowMetadata rowMetadata() default RowMetadata.FULL;

    /**
     * The database the connection details point at, created if it does not exist.
     * @return the database name, a plain identifier
     */
    String database() default "test";

}
