package dev.binlog.spring.integration;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.EntityChangeEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.CrudRepository;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Entities", where an entity from the binlog and one from a repository part: values that JDBC's
 * {@code java.sql} types distort arrive exact, a value the property cannot hold stops the stream naming the table, the
 * column and the property, a row image without every mapped column is refused, and an entity spanning tables is
 * refused at startup.
 */
class EntityReadLimitsIntegrationTests {

	@Test
	void entityKeepsValuesThatJavaSqlTypesDistort() throws Exception {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("precise");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema
				+ ".precise (id INT PRIMARY KEY, old DATETIME(6), fine TIME(6), span TIME, yr YEAR, bits BIT(64))");
		runner(server, schema).withUserConfiguration(RepositoryConfiguration.class)
			.withBean(PreciseListener.class)
			.run((context) -> {
				PreciseListener listener = context.getBean(PreciseListener.class);
				server.execute("INSERT INTO " + schema + ".precise VALUES (1, '1000-01-01 00:00:00.000001', "
						+ "'13:14:15.000001', '-838:59:59', 2155, "
						+ "b'1000000000000000000000000000000000000000000000000000000000000001')");
				await().atMost(TIMEOUT).until(() -> listener.precise.size() == 1 && listener.asRepository.size() == 1);

				Precise precise = listener.precise.get(0).getAfter();
				try (Connection connection = server.connect(); Statement statement = connection.createStatement();
						ResultSet rs = statement.executeQuery("SELECT * FROM " + schema + ".precise")) {
					assertThat(rs.next()).isTrue();
					assertThat(precise.old()).isEqualTo(rs.getObject("old", LocalDateTime.class))
						.isEqualTo(LocalDateTime.parse("1000-01-01T00:00:00.000001"));
					assertThat(precise.yr()).isEqualTo(rs.getInt("yr"));
					assertThat(precise.bits()).isEqualTo(new BigInteger(1, rs.getBytes("bits")).longValue());
				}
				assertThat(precise.fine()).isEqualTo(LocalTime.parse("13:14:15.000001"));
				assertThat(precise.span()).isEqualTo(Duration.ofHours(-838).minusMinutes(59).minusSeconds(59));

				// the same columns through a repository: java.sql.Timestamp and java.sql.Time on the way
				AsRepositoryReads fromEvent = listener.asRepository.get(0).getAfter();
				AsRepositoryReads fromRepository = context.getBean(AsRepositoryReadsRepository.class)
					.findById(1)
					.orElseThrow();
				assertThat(fromEvent.old()).isEqualTo(precise.old()).isNotEqualTo(fromRepository.old());
				assertThat(fromEvent.fine()).isEqualTo(precise.fine()).isNotEqualTo(fromRepository.fine());
			});
	}

	@Test
	void valueThePropertyCannotHoldExactlyStopsTheStreamNamingTableColumnAndProperty() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("clock");
		server.execute("CREATE DATABASE " + schema,
				"CREATE TABLE " + schema + ".clock (id INT PRIMARY KEY, tm TIME)");
		runner(server, schema).withUserConfiguration(ConverterConfiguration.class)
			.withBean(ClockListener.class)
			.withPropertyValues("binlog.listener-failure.action=stop")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				server.execute("INSERT INTO " + schema + ".clock VALUES (1, '-01:00:00')");
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThat(container.getStatus().lastError()).contains("column 'tm' of " + schema + ".clock")
					.contains("property 'tm' (java.time.LocalTime)")
					.contains("declare the property as java.time.Duration");
				assertThat(context.getBean(ClockListener.class).changes).isEmpty();
			});
	}

	@Test
	void rowImageWithoutEveryMappedColumnIsRefusedNamingTheColumns() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("minimal");
		server.execute("CREATE DATABASE " + schema,
				"CREATE TABLE " + schema + ".note (id INT PRIMARY KEY, title VARCHAR(20), body VARCHAR(20))");
		runner(server, schema).withUserConfiguration(ConverterConfiguration.class)
			.withBean(NoteListener.class)
			.withPropertyValues("binlog.listener-failure.action=stop")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				// MINIMAL logs every column of an insert that names them all, the key alone before an update
				server.execute("SET SESSION binlog_row_image = 'MINIMAL'",
						"INSERT INTO " + schema + ".note VALUES (1, 'a', 'b')",
						"UPDATE " + schema + ".note SET title = 'c' WHERE id = 1");
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);
				assertThat(context.getBean(NoteListener.class).changes).extracting(EntityChangeEvent::getAfter)
					.containsExactly(new Note(1, "a", "b"));
				assertThat(container.getStatus().lastError())
					.contains("The binlog row of " + schema + ".note lacks columns [body, title]")
					.contains("Set binlog_row_image=FULL");
			});
	}

	@Test
	void entityOfSeveralTablesFailsTheStartup() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("relation");
		server.execute("CREATE DATABASE " + schema);
		runner(server, schema).withUserConfiguration(ConverterConfiguration.class)
			.withBean(InvoiceListener.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Invoice.lines maps a relation to another table"));
	}

	private static ApplicationContextRunner runner(EmbeddedMariaDb server, String schema) {
		return BinlogContexts.runner(server, schema);
	}

	record Precise(@Id Integer id, LocalDateTime old, LocalTime fine, Duration span, Integer yr, Long bits) {
	}

	@Table("precise")
	record AsRepositoryReads(@Id Integer id, LocalDateTime old, LocalTime fine) {
	}

	interface AsRepositoryReadsRepository extends CrudRepository<AsRepositoryReads, Integer> {

	}

	record Clock(@Id Integer id, LocalTime tm) {
	}

	record Note(@Id Integer id, String title, String body) {
	}

	record Invoice(@Id Integer id, @MappedCollection(idColumn = "invoice_id") Set<InvoiceLine> lines) {
	}

	record InvoiceLine(String item) {
	}

	static class PreciseListener {

		final List<EntityChangeEvent<Precise>> precise = new CopyOnWriteArrayList<>();

		final List<EntityChangeEvent<AsRepositoryReads>> asRepository = new CopyOnWriteArrayList<>();

		@BinlogListener
		void on(EntityChangeEvent<Precise> change) {
			this.precise.add(change);
		}

		@BinlogListener
		void onAsRepository(EntityChangeEvent<AsRepositoryReads> change) {
			this.asRepository.add(change);
		}

	}

	static class ClockListener {

		final List<EntityChangeEvent<Clock>> changes = new CopyOnWriteArrayList<>();

		@BinlogListener
		void on(EntityChangeEvent<Clock> change) {
			this.changes.add(change);
		}

	}

	static class NoteListener {

		final List<EntityChangeEvent<Note>> changes = new CopyOnWriteArrayList<>();

		@BinlogListener
		void on(EntityChangeEvent<Note> change) {
			this.changes.add(change);
		}

	}

	static class InvoiceListener {

		@BinlogListener
		void on(EntityChangeEvent<Invoice> change) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConverterConfiguration extends AbstractJdbcConfiguration {

		@Bean
		NamedParameterJdbcTemplate namedParameterJdbcTemplate(DataSource dataSource) {
			return new NamedParameterJdbcTemplate(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJdbcRepositories(considerNestedRepositories = true,
			basePackageClasses = EntityReadLimitsIntegrationTests.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = AsRepositoryReadsRepository.class))
	static class RepositoryConfiguration extends ConverterConfiguration {

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

}
