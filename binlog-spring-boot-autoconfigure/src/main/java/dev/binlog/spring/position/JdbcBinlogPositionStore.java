package dev.binlog.spring.position;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import dev.binlog.spring.BinlogPosition;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.jdbc.core.convert.DataAccessStrategy;
import org.springframework.data.jdbc.core.convert.DataAccessStrategyFactory;
import org.springframework.data.jdbc.core.convert.DefaultJdbcTypeFactory;
import org.springframework.data.jdbc.core.convert.DelegatingDataAccessStrategy;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.convert.MappingJdbcConverter;
import org.springframework.data.jdbc.core.convert.QueryMappingConfiguration;
import org.springframework.data.jdbc.core.dialect.DialectResolver;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.data.relational.core.mapping.DefaultNamingStrategy;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Keeps positions in a JDBC table through Spring Data JDBC's {@link JdbcAggregateTemplate}, with an optimistic
 * lock: a save based on a stale read fails instead of overwriting another instance's progress.
 * <p>
 * The store builds its own template for its {@link DataSource}, so it neither needs nor changes the application's
 * Spring Data JDBC setup. The table name is configurable; the default table and the shipped schema scripts use
 * {@value #DEFAULT_TABLE_NAME}.
 */
public class JdbcBinlogPositionStore implements BinlogPositionStore {

	/** The default table name. */
	public static final String DEFAULT_TABLE_NAME = "binlog_position";

	private final JdbcAggregateTemplate template;

	private final String tableName;

	private final @Nullable String schema;

	// the version each record had when this store last read or wrote it
	private final Map<String, Long> versions = new ConcurrentHashMap<>();

	/**
	 * Create a store.
	 * @param dataSource where the table is
	 * @param tableName the table name
	 */
	public JdbcBinlogPositionStore(DataSource dataSource, String tableName) {
		this.tableName = tableName;
		this.schema = currentSchema(dataSource);
		this.template = createTemplate(dataSource, tableName);
	}

	private static JdbcAggregateTemplate createTemplate(DataSource dataSource, String tableName) {
		NamedParameterJdbcTemplate operations = new NamedParameterJdbcTemplate(dataSource);
		JdbcDialect dialect = DialectResolver.getDialect(operations.getJdbcOperations());
		JdbcMappingContext mappingContext = new JdbcMappingContext(new DefaultNamingStrategy() {

			@Override
			public String getTableName(Class<?> type) {
				return tableName;
			}

		});
		// unquoted names fold the same way as the unquoted names of the schema scripts, on every database
		mappingContext.setForceQuote(false);
		JdbcCustomConversions conversions = new JdbcCustomConversions();
		mappingContext.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
		DelegatingDataAccessStrategy relations = new DelegatingDataAccessStrategy();
		MappingJdbcConverter converter = new MappingJdbcConverter(mappingContext, relations, conversions,
				new DefaultJdbcTypeFactory(operations.getJdbcOperations()));
		DataAccessStrategy strategy = new DataAccessStrategyFactory(converter, operations, dialect,
				QueryMappingConfiguration.EMPTY)
			.create();
		relations.setDelegate(strategy);
		RelationalPersistentEntity<?> entity = mappingContext.getRequiredPersistentEntity(BinlogPositionRecord.class);
		if (!entity.hasVersionProperty()) {
			throw new IllegalStateException("The position record lost its @Version property");
		}
		return new JdbcAggregateTemplate(converter, strategy);
	}

	private static @Nullable String currentSchema(DataSource dataSource) {
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			return connection.getCatalog();
		}
		catch (SQLException ex) {
			return null;
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	@Override
	public Optional<BinlogPosition> load(String name) {
		BinlogPositionRecord record = this.template.findById(name, BinlogPositionRecord.class);
		if (record == null) {
			this.versions.remove(name);
			return Optional.empty();
		}
		this.versions.put(name, record.getVersion());
		return Optional.of(new BinlogPosition(record.getBinlogFile(), record.getBinlogPosition(), record.getGtidSet()));
	}

	@Override
	public void save(String name, BinlogPosition position, long serverId) {
		Long version = this.versions.get(name);
		BinlogPositionRecord record = new BinlogPositionRecord(name, version, position.file(), position.position(),
				position.gtidSet(), serverId, Instant.now().truncatedTo(ChronoUnit.MILLIS));
		try {
			BinlogPositionRecord saved = (version != null) ? this.template.update(record)
					: this.template.insert(record);
			this.versions.put(name, saved.getVersion());
		}
		catch (OptimisticLockingFailureException ex) {
			throw new OptimisticLockingFailureException("Another instance changed binlog position record '" + name
					+ "' in table " + this.tableName + " since this one read it; two containers must not share a "
					+ "position record (binlog.position.name)", ex);
		}
		catch (org.springframework.dao.DuplicateKeyException ex) {
			throw new OptimisticLockingFailureException("Another instance created binlog position record '" + name
					+ "' in table " + this.tableName + " at the same time; two containers must not share a position "
					+ "record (binlog.position.name)", ex);
		}
	}

	@Override
	public Optional<String> table() {
		return Optional.of((this.schema != null) ? this.schema + "." + this.tableName : this.tableName);
	}

}
