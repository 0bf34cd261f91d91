package dev.binlog.test;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link EmbeddedBinlogServer} on a {@code @SpringBootTest} with no property: Spring Boot's {@code DataSource}
 * connects to an embedded server with the binlog on, one server per row metadata shared by the test classes.
 * JUnit runs the nested classes after this class's own tests, so that the shop database exists by then.
 */
@SpringBootTest(classes = EmbeddedBinlogServerTests.JdbcApplication.class)
@EmbeddedBinlogServer(database = "shop")
class EmbeddedBinlogServerTests {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private EmbeddedMariaDbConnectionDetails database;

    @Test
    void dataSourceConnectsToTheAnnotationsDatabaseOnAServerWritingARowBinlog() {
        JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
        assertThat(jdbc.queryForObject("SELECT DATABASE()", String.class)).isEqualTo("shop");
        assertThat(jdbc.queryForObject("SELECT @@log_bin", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT @@binlog_format", String.class)).isEqualTo("ROW");
        assertThat(jdbc.queryForObject("SELECT @@binlog_row_metadata", String.class)).isEqualTo("FULL");
    }

    @Test
    void connectionDetailsBeanGivesTheServerForStatementsOfTheTestsOwn() {
        this.database.server().execute("CREATE TABLE IF NOT EXISTS shop.orders (id INT PRIMARY KEY)",
                "INSERT INTO shop.orders VALUES (1) ON DUPLICATE KEY UPDATE id = id");
        assertThat(new JdbcTemplate(this.dataSource).queryForObject("SELECT COUNT(*) FROM orders", Integer.class))
            .isEqualTo(1);
        assertThat(this.database.getJdbcUrl()).endsWith(":" + this.database.server().port() + "/shop");
    }

    @Nested
    @EmbeddedBinlogServer(database = "audit")
    class SameRowMetadataOtherDatabase {

        @Autowired
        private EmbeddedMariaDbConnectionDetails audit;

        @Test
        void sharesTheServerOfTheOtherTestClassesWithFullMetadata() {
            JdbcTemplate jdbc = new JdbcTemplate(
                    new DriverManagerDataSource(this.audit.getJdbcUrl(), this.audit.getUsername(), this.audit.getPassword()));
            assertThat(jdbc.queryForObject("SELECT DATABASE()", String.class)).isEqualTo("audit");
            assertThat(jdbc.queryForList("SHOW DATABASES", String.class)).contains("shop", "audit");
        }

    }

    @Nested
    @EmbeddedBinlogServer(rowMetadata = RowMetadata.MINIMAL, database = "stock")
    class MinimalRowMetadata {

        @Autowired
        private DataSource dataSource;

        @Test
        void runsOnAServerOfItsOwnWithMinimalRowMetadata() {
            JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
            assertThat(jdbc.queryForObject("SELECT @@binlog_row_metadata", String.class)).isEqualTo("MINIMAL");
            // the shop database exists on the server with FULL metadata only
            assertThat(jdbc.queryForList("SHOW DATABASES", String.class)).contains("stock").doesNotContain("shop");
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(DataSourceAutoConfiguration.class)
    static class JdbcApplication {

    }

}
