package dev.binlog.spring.integration;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.EntityChangeEvent;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.annotation.Id;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.repository.CrudRepository;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Entities": a {@code @BinlogListener} taking {@code EntityChangeEvent<TypedRow>} gets every insert,
 * update (before and after) and delete of the entity's table as the application's own entity, and each equals, field
 * by field, what the application's repository {@code findById} returned for the row at that moment. The entity holds
 * every column type an entity can be read from by a repository, an embedded value, a custom reading converter, a
 * record, the default naming strategy and an explicit column name. The JVM runs in another time zone than the server.
 */
class EntityChangeIntegrationTests {

	private static final String COLUMNS = """
			id INT PRIMARY KEY,
			ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, miu MEDIUMINT UNSIGNED,
			i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, flag BOOLEAN,
			d65 DECIMAL(65,30), d10 DECIMAL(10,0), d5 DECIMAL(5,2), f FLOAT, dbl DOUBLE, b1 BIT(1),
			c CHAR(10) CHARACTER SET utf8mb4, vc VARCHAR(100) CHARACTER SET utf8mb4, tx TEXT CHARACTER SET utf8mb4,
			mt MEDIUMTEXT CHARACTER SET utf8mb4, cbin VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
			lat VARCHAR(50) CHARACTER SET latin1, latc CHAR(5) CHARACTER SET latin1,
			bn BINARY(4), vb VARBINARY(20), bl BLOB, lbl LONGBLOB, geo GEOMETRY,
			e ENUM('a','b','c'), s SET('x','y','z'), js JSON,
			dt DATE, dtm DATETIME, dtm3 DATETIME(3), dtm6 DATETIME(6),
			ts TIMESTAMP NULL DEFAULT NULL, ts3 TIMESTAMP(3) NULL DEFAULT NULL, ts6 TIMESTAMP(6) NULL DEFAULT NULL,
			tm TIME, tm6 TIME(6),
			addr_street VARCHAR(50), addr_town VARCHAR(50), price_cents BIGINT""";

	// DATETIME from 1970 and TIME in whole seconds: findById reads them through java.sql.Timestamp and
	// java.sql.Time, which distort older and finer values (see entityKeepsValuesThatJavaSqlTypesDistort)
	private static final List<String> ROWS = List.of("""
			(1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, FALSE,
			 -99999999999999999999999999999999999.999999999999999999999999999999, -9999999999, -999.99, -0.25,
			 -2.2250738585072014E-308, b'0', '', '', '', '', 'Case', '', '', x'', x'', x'', x'',
			 ST_GeomFromText('POINT(1 2)'), 'a', '', '{}',
			 '1000-01-01', '1970-01-01 00:00:00', '1970-01-01 00:00:00.001', '1970-01-01 00:00:00.000001',
			 '1970-01-01 00:00:01', '1970-01-01 00:00:01.001', '1970-01-01 00:00:01.000001', '00:00:00', '00:00:00',
			 '', '', -1)""", """
			(2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807,
			 18446744073709551615, TRUE, 99999999999999999999999999999999999.999999999999999999999999999999, 9999999999,
			 999.99, 3.5, 1.7976931348623157E308, b'1', 'abc', 'Zoë 😀 𝄞 ünïcödé', REPEAT('long text ✓ ', 2000),
			 REPEAT('x', 70000), 'CASE', 'Grüße € œ', 'ab', x'0102', x'00ff00', x'cafebabe', REPEAT(x'00ff', 60000),
			 ST_GeomFromText('LINESTRING(0 0, 1 1, 2 5)'), 'c', 'x,y,z',
			 '{"k": [1, 2.5, "x", null, true], "n": {"deep": "é"}}', '9999-12-31', '9999-12-31 23:59:59',
			 '9999-12-31 23:59:59.999', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07', '2038-01-19 03:14:07.999',
			 '2038-01-19 03:14:07.999999', '23:59:59', '23:59:59', 'Main St 1', 'Springfield', 1999)""", """
			(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""", """
			(4, 0, 1, 0, 1, 0, 1, 0, 1, 0, 9223372036854775808, 7, 0.000000000000000000000000000001, 0, 0.01, 0, 0,
			 b'1', 'a  ', ' b ', ' ', 'x', 'case', 'Ã©', 'a', x'00', x'00', x'00', x'00', NULL, 'b', 'y', '[]',
			 '2024-02-29', '2024-02-29 12:34:56', '2024-02-29 12:34:56.500', '2024-02-29 12:34:56.123456', '2024-06-01 10:00:00',
			 '2024-06-01 10:00:00.5', '2024-06-01 10:00:00.123456', '12:00:00', '13:14:15', 'Elm St 2', NULL,
			 0)""");

	private final TimeZone jvmZone = TimeZone.getDefault();

	@BeforeEach
	void moveJvmToAnotherZone() {
		// the shared servers run at +00:00, the JVM elsewhere: no zone may shift a value
		TimeZone.setDefault(TimeZone.getTimeZone("GMT-03:30"));
	}

	@AfterEach
	void restoreJvmZone() {
		TimeZone.setDefault(this.jvmZone);
	}

	@Test
	void entityFromEveryChangeEqualsWhatFindByIdReturns() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("entities");
		server.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".typed_row (" + COLUMNS + ")");
		runner(server, schema)
			.withBean(TypedRowListener.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TypedRowListener listener = context.getBean(TypedRowListener.class);
				TypedRowRepository repository = context.getBean(TypedRowRepository.class);
				execute(server, ROWS.stream().map((row) -> "INSERT INTO " + schema + ".typed_row VALUES " + row)
					.toList());
				Map<Integer, TypedRow> inserted = findAll(repository);
				execute(server, List.of("UPDATE " + schema + ".typed_row SET ti = ti - 1, vc = CONCAT(vc, '!'), "
						+ "dtm6 = '2001-02-03 04:05:06.7', ts6 = '2001-02-03 04:05:06.000007', tm6 = '01:02:03', "
						+ "js = JSON_OBJECT('updated', true), e = 'b', s = 'z', addr_town = 'Shelbyville', "
						+ "price_cents = price_cents + 1, flag = NOT flag WHERE id IN (2, 4)"));
				Map<Integer, TypedRow> updated = findAll(repository);
				execute(server, List.of("DELETE FROM " + schema + ".typed_row"));
				await().atMost(TIMEOUT).until(() -> listener.changes.size() == 4 + 2 + 4);

				for (EntityChangeEvent<TypedRow> change : listener.changes) {
					switch (change.getAction()) {
						case WRITE -> assertEntity(change.getAfter(), inserted);
						case UPDATE -> {
							assertEntity(change.getBefore(), inserted);
							assertEntity(change.getAfter(), updated);
						}
						case DELETE -> assertEntity(change.getBefore(), updated);
						default -> throw new AssertionError("Unexpected " + change);
					}
				}
				assertThat(listener.changes).extracting(EntityChangeEvent::getKey)
					.containsOnly("write@" + schema + ".typed_row#TypedRow", "update@" + schema + ".typed_row#TypedRow",
							"delete@" + schema + ".typed_row#TypedRow");
				// the probes: an embedded value, a custom converter, a record, a bridged boolean
				TypedRow second = listener.changes.get(1).getAfter();
				assertThat(second.address()).isEqualTo(new Address("Main St 1", "Springfield"));
				assertThat(second.price()).isEqualTo(new Money(1999));
				assertThat(second.flag()).isTrue();
				assertThat(listener.changes.get(2).getAfter().address()).isNull();
				assertThat(listener.townChanges).containsExactly(2, 4);
				assertThat(listener.textChanges).isEmpty();
			});
	}

	private static ApplicationContextRunner runner(EmbeddedMariaDb server, String schema) {
		// the driver reads TIMESTAMP as the right instants only when it knows the server's zone
		return BinlogContexts.runner(server, schema)
			.withPropertyValues("spring.datasource.url=" + server.jdbcUrl(schema)
					+ "?connectionTimeZone=LOCAL&forceConnectionTimeZoneToSession=true")
			.withUserConfiguration(DataJdbcConfiguration.class);
	}

	private static void assertEntity(TypedRow actual, Map<Integer, TypedRow> expectedById) {
		TypedRow expected = expectedById.get(actual.id());
		// exact: AssertJ would compare floating point numbers with a tolerance (and arrays one node per byte)
		assertThat(actual).as("entity %s", actual.id())
			.usingRecursiveComparison()
			.withEqualsForType(Arrays::equals, byte[].class)
			.withEqualsForType(Float::equals, Float.class)
			.withEqualsForType(Double::equals, Double.class)
			.isEqualTo(expected);
	}

	private static Map<Integer, TypedRow> findAll(TypedRowRepository repository) {
		Map<Integer, TypedRow> rows = new LinkedHashMap<>();
		for (int id = 1; id <= 4; id++) {
			rows.put(id, repository.findById(id).orElseThrow());
		}
		return rows;
	}

	private static void execute(EmbeddedMariaDb server, List<String> statements) {
		String[] sql = new String[statements.size() + 1];
		// literals are UTC wall-clock times
		sql[0] = "SET time_zone = '+00:00'";
		for (int i = 0; i < statements.size(); i++) {
			sql[i + 1] = statements.get(i);
		}
		server.execute(sql);
	}

	enum Letter {

		a, b, c

	}

	record Address(String street, @Column("town") String city) {
	}

	record Money(long cents) {
	}

	record TypedRow(@Id Integer id, Integer ti, Integer tiu, Short si, Integer siu, Integer mi, Integer miu, Integer i,
			Long iu, Long bi, BigInteger biu, Boolean flag, BigDecimal d65, BigDecimal d10, BigDecimal d5, Float f,
			Double dbl, Boolean b1, String c, @Column("vc") String varchar, String tx, String mt, String cbin,
			String lat, String latc, byte[] bn, byte[] vb, byte[] bl, byte[] lbl, byte[] geo, Letter e, String s, String js, LocalDate dt,
			LocalDateTime dtm, LocalDateTime dtm3, LocalDateTime dtm6, Instant ts, Instant ts3, Instant ts6,
			LocalTime tm, LocalTime tm6, @Embedded.Nullable(prefix = "addr_") Address address,
			@Column("price_cents") Money price) {
	}

	interface TypedRowRepository extends CrudRepository<TypedRow, Integer> {

	}

	static class TypedRowListener {

		final List<EntityChangeEvent<TypedRow>> changes = new CopyOnWriteArrayList<>();

		final List<Integer> townChanges = new CopyOnWriteArrayList<>();

		final List<Integer> textChanges = new CopyOnWriteArrayList<>();

		@BinlogListener
		void on(EntityChangeEvent<TypedRow> change) {
			this.changes.add(change);
		}

		// changed may name a property: the embedded address's city is the column addr_town
		@BinlogListener(action = Action.UPDATE, changed = "address.city")
		void onTown(EntityChangeEvent<TypedRow> change) {
			this.townChanges.add(change.getEntity().id());
		}

		@BinlogListener(action = Action.UPDATE, changed = "tx")
		void onText(EntityChangeEvent<TypedRow> change) {
			this.textChanges.add(change.getEntity().id());
		}

	}

	@ReadingConverter
	static class CentsToMoney implements Converter<Long, Money> {

		@Override
		public Money convert(Long cents) {
			return new Money(cents);
		}

	}

	@WritingConverter
	static class MoneyToCents implements Converter<Money, Long> {

		@Override
		public Long convert(Money money) {
			return money.cents();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJdbcRepositories(considerNestedRepositories = true, basePackageClasses = EntityChangeIntegrationTests.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = TypedRowRepository.class))
	static class DataJdbcConfiguration extends AbstractJdbcConfiguration {

		@Bean
		NamedParameterJdbcTemplate namedParameterJdbcTemplate(DataSource dataSource) {
			return new NamedParameterJdbcTemplate(dataSource);
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Override
		protected List<?> userConverters() {
			return List.of(new CentsToMoney(), new MoneyToCents());
		}

	}

}
