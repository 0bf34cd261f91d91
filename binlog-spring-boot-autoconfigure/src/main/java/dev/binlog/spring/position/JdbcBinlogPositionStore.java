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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
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
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps positions in a JDBC table through Spring Data JDBC's {@link JdbcAggregateTemplate}, with an optimistic
 * lock: a save based on a stale read fails instead of overwriting another instance's progress.
 * <p>
 * The store builds its own template for its {@link DataSource}, so it neither needs nor changes the application's
 * Spring Data JDBC setup. The table name is configurable; the default table and the shipped schema scripts use
 * {@value #DEFAULT_TABLE_NAME}.
 */
public class JdbcBinlogPositionStore implements BinlogPositionStore {

	private static final Log logger = LogFactory.getLog(JdbcBinlogPositionStore.class);

	/** The default table name. */
	public static final String DEFAULT_TABLE_NAME = "binlog_position";

	private volatile @Nullable JdbcAggregateTemplate template;

	private final String tableName;

	private final DataSource dataSource;

	private volatile @Nullable String schema;

	private volatile boolean schemaKnown;

	// the version each record had when this store last read or wrote it
	private final Map<String, Long> versions = new ConcurrentHashMap<>();

	// the record each save last tried to write, whether or not it learnt the outcome
	private final Map<String, BinlogPositionRecord> attempts = new ConcurrentHashMap<>();

	// the records this instance claimed as elected leader: their saves also check the owner column
	private final Map<String, String> owners = new ConcurrentHashMap<>();

	private final PositionOwnership ownership;

	private final SnapshotProgressColumn snapshotProgress;

	// the progress each record got from this store's last committed write; absent: unknown
	private final Map<String, Optional<String>> writtenProgress = new ConcurrentHashMap<>();

	private final TransactionTemplate transactions;

	/**
	 * Create a store.
	 * @param dataSource where the table is
	 * @param tableName the table name
	 */
	public JdbcBinlogPositionStore(DataSource dataSource, String tableName) {
		this.tableName = tableName;
		this.dataSource = dataSource;
		this.ownership = new PositionOwnership(dataSource, tableName);
		this.snapshotProgress = new SnapshotProgressColumn(dataSource, tableName);
		// joins the transaction of transactional delivery when there is one
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	// built when first used: the dialect is read from a connection, and a database that is down while the
	// application context starts must give the container's message rather than a bean creation failure
	private JdbcAggregateTemplate template() {
		JdbcAggregateTemplate current = this.template;
		if (current == null) {
			synchronized (this) {
				current = this.template;
				if (current == null) {
					current = createTemplate(this.dataSource, this.tableName);
					this.template = current;
				}
			}
		}
		return current;
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

	// looked up when first needed, so that a database that is down while the application context starts gives the
	// container's message rather than a bean creation failure
	private @Nullable String currentSchema() {
		if (!this.schemaKnown) {
			try {
				Connection connection = DataSourceUtils.getConnection(this.dataSource);
				try {
					this.schema = connection.getCatalog();
				}
				finally {
					DataSourceUtils.releaseConnection(connection, this.dataSource);
				}
			}
			catch (SQLException | DataAccessException ex) {
				return null;
			}
			this.schemaKnown = true;
		}
		return this.schema;
	}

	@Override
	public Optional<BinlogPosition> load(String name) {
		BinlogPositionRecord record = template().findById(name, BinlogPositionRecord.class);
		if (record == null) {
			this.versions.remove(name);
			return Optional.empty();
		}
		this.versions.put(name, record.getVersion());
		return Optional.of(new BinlogPosition(record.getBinlogFile(), record.getBinlogPosition(), record.getGtidSet()));
	}

	@Override
	public void save(String name, BinlogPosition position, long serverId) {
		BinlogPositionRecord record = new BinlogPositionRecord(name, this.versions.get(name), position.file(),
				position.position(), position.gtidSet(), serverId, Instant.now().truncatedTo(ChronoUnit.MILLIS));
		// the record the last save tried to write, whether or not it learnt the outcome
		BinlogPositionRecord attempt = this.attempts.get(name);
		try {
			write(record);
		}
		catch (OptimisticLockingFailureException ex) {
			BinlogPositionRecord current = template().findById(name, BinlogPositionRecord.class);
			if (current == null && record.getVersion() != null) {
				// deleted while running (by hand, or by a clean-up): without it a restart would start from scratch
				logger.warn("Binlog position record '" + name + "' in table " + this.tableName
						+ " was deleted while the stream ran; writing it again at " + position);
				write(record.withVersion(null));
			}
			else if (current != null && attempt != null && current.sameContent(attempt)) {
				// the last save reached the database but its reply did not reach us: that version is our own
				write(record.withVersion(current.getVersion()));
			}
			else if (this.owners.containsKey(name)) {
				// its message names the instance that owns the record now
				throw ex;
			}
			else {
				throw new OptimisticLockingFailureException("Another instance changed binlog position record '"
						+ name + "' in table " + this.tableName + " since this one read it; two containers must not "
						+ "share a position record (binlog.position.name) unless they elect one leader "
						+ "(binlog.cluster.enabled=true)", ex);
			}
		}
	}

	/**
	 * Save a position and the snapshot progress in one transaction, so that a crash never leaves the progress of
	 * one save beside the position of another. Needs the {@code snapshot_progress} column while a snapshot runs.
	 */
	@Override
	public void save(String name, BinlogPosition position, long serverId, @Nullable String snapshotProgress) {
		Optional<String> progress = Optional.ofNullable(snapshotProgress);
		if (progress.equals(this.writtenProgress.get(name))
				|| (snapshotProgress == null && !this.snapshotProgress.exists())) {
			// the common case, no snapshot running: the position alone, without the column
			save(name, position, serverId);
			return;
		}
		boolean outer = TransactionSynchronizationManager.isActualTransactionActive();
		if (outer) {
			// the caller's transaction (transactional delivery, perhaps on a JPA transaction manager, whose bound
			// connection a DataSourceTransactionManager would not take for a transaction and would commit) holds both
			// writes: they join it through the DataSource's bound connection
			save(name, position, serverId);
			this.snapshotProgress.write(name, snapshotProgress);
		}
		else {
			this.transactions.executeWithoutResult((status) -> {
				save(name, position, serverId);
				this.snapshotProgress.write(name, snapshotProgress);
			});
		}
		if (outer) {
			// the outer transaction may still roll back: write the progress again with the next save
			this.writtenProgress.remove(name);
		}
		else {
			this.writtenProgress.put(name, progress);
		}
	}

	@Override
	public Optional<String> loadSnapshotProgress(String name) {
		String progress = this.snapshotProgress.read(name);
		this.writtenProgress.put(name, Optional.ofNullable(progress));
		return Optional.ofNullable(progress);
	}

	/**
	 * Return {@code true}: the store keeps snapshot progress in column {@code snapshot_progress}.
	 * @throws IllegalStateException naming the {@code ALTER TABLE} to run if the table lacks the column
	 */
	@Override
	public boolean keepsSnapshotProgress() {
		this.snapshotProgress.check();
		return true;
	}

	private void write(BinlogPositionRecord record) {
		String name = record.getName();
		forgetOnRollback(name);
		this.attempts.put(name, record);
		String owner = this.owners.get(name);
		if (owner != null) {
			this.versions.put(name, this.ownership.write(record, owner));
			return;
		}
		try {
			BinlogPositionRecord saved = (record.getVersion() != null) ? template().update(record)
					: template().insert(record);
			this.versions.put(name, saved.getVersion());
		}
		catch (DuplicateKeyException ex) {
			throw new OptimisticLockingFailureException("Another instance created binlog position record '" + name
					+ "' in table " + this.tableName + " at the same time; two containers must not share a position "
					+ "record (binlog.position.name) unless they elect one leader (binlog.cluster.enabled=true)", ex);
		}
	}

	// a write inside a transaction (transactional delivery) happened only if that transaction commits: after a
	// rollback its version is not the record's, and its content must never be taken for our own lost reply, or a
	// second writer that wrote the same content would be overwritten
	private void forgetOnRollback(String name) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		Long version = this.versions.get(name);
		BinlogPositionRecord attempt = this.attempts.get(name);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCompletion(int status) {
				if (status == STATUS_ROLLED_BACK) {
					restore(JdbcBinlogPositionStore.this.versions, name, version);
					restore(JdbcBinlogPositionStore.this.attempts, name, attempt);
				}
			}

		});
	}

	private static <T> void restore(Map<String, T> map, String name, @Nullable T value) {
		if (value != null) {
			map.put(name, value);
		}
		else {
			map.remove(name);
		}
	}

	/**
	 * Make this instance the owner of a record: from now on its saves succeed only while no other instance claimed
	 * the record since. Needs the {@code owner} column of the shipped schema scripts.
	 * @param name the record name
	 * @param owner the identity of this instance
	 * @throws IllegalStateException naming the column and the {@code ALTER TABLE} if the table lacks it
	 */
	@Override
	public void claim(String name, String owner) {
		this.ownership.checkColumn();
		Long version = this.ownership.claim(name, owner);
		this.owners.put(name, owner);
		this.attempts.remove(name);
		if (version != null) {
			this.versions.put(name, version);
		}
		else {
			this.versions.remove(name);
		}
	}

	/**
	 * Return the instance that claimed a record last.
	 * @param name the record name
	 * @return the owner, or empty if there is none
	 * @throws IllegalStateException naming the column and the {@code ALTER TABLE} if the table lacks it
	 */
	@Override
	public Optional<String> owner(String name) {
		this.ownership.checkColumn();
		return Optional.ofNullable(this.ownership.owner(name));
	}

	/**
	 * Return the {@link DataSource} the table is in: transactional delivery needs a transaction manager of the same.
	 * @return the DataSource
	 */
	public DataSource getDataSource() {
		return this.dataSource;
	}

	@Override
	public Optional<String> table() {
		String current = currentSchema();
		return Optional.of((current != null) ? current + "." + this.tableName : this.tableName);
	}

}
