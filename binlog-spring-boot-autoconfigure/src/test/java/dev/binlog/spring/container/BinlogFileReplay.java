package dev.binlog.spring.container;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TransactionCommitEvent;
import dev.binlog.spring.decoding.BinlogDecoder;
import dev.binlog.spring.decoding.DecodingOptions;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.dispatch.BinlogListenerFactory;
import dev.binlog.spring.position.BinlogPositionStore;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;

/**
 * Replays a binary log file written by a real MySQL server (the fixtures in {@code shared/fixtures/mysql-binlogs})
 * through the container's own decoding path: the connector's {@link BinaryLogFileReader} with the deserializer of
 * {@link BinlogDecoder#newDeserializer()}, into a {@link BinlogEventHandler} whose publisher records the events
 * and whose saver records the saved positions.
 * <p>
 * No MySQL server runs here. The decoder's JDBC template therefore answers only what a server would know without
 * the tables: the ids of MySQL 8's collations. {@code information_schema.COLUMNS} is empty unless a test
 * {@link #table declares} a table with the DDL the fixture's README documents; an undeclared table is a table the
 * server no longer has, as after a DROP.
 */
final class BinlogFileReplay {

	private static final Path FIXTURES = Paths.get("shared", "fixtures", "mysql-binlogs");

	private final Path file;

	private final Map<String, List<String[]>> tables = new HashMap<>();

	private final List<Object> published = new ArrayList<>();

	private final List<BinlogPosition> saved = new ArrayList<>();

	private final List<EventType> types = new ArrayList<>();

	private List<String> exclude = List.of();

	private @Nullable String startGtidSet;

	private @Nullable RuntimeException stop;

	private @Nullable ContainerStatusHolder status;

	private BinlogFileReplay(Path file) {
		this.file = file;
	}

	/**
	 * A fixture file, by its path below {@code shared/fixtures/mysql-binlogs}.
	 * @param relativePath such as {@code rust_mysql_common/vector.binlog}
	 * @return the replay, not yet run
	 */
	static BinlogFileReplay of(String relativePath) {
		Path file = fixtures().resolve(relativePath);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("No fixture " + file);
		}
		return new BinlogFileReplay(file);
	}

	/**
	 * The fixture directory: CI checks {@code shared/} out beside the project, so walk up from the working
	 * directory (a module directory under Maven) until it is found.
	 * @return the directory
	 */
	static Path fixtures() {
		for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(FIXTURES);
			if (Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("No directory " + FIXTURES + " in " + System.getProperty("user.dir")
				+ " or above it: check out the shared fixtures beside the project");
	}

	/**
	 * Declare a table as {@code information_schema.COLUMNS} would show it.
	 * @param schema the schema
	 * @param table the table
	 * @param columns per column: name, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME (or {@code null})
	 * @return this replay
	 */
	BinlogFileReplay table(String schema, String table, String[]... columns) {
		this.tables.put(schema + "." + table, List.of(columns));
		return this;
	}

	/**
	 * Leave tables out, as {@code binlog.exclude} does: their rows are skipped unread, their commits still count.
	 * @param patterns regular expressions on {@code schema.table}
	 * @return this replay
	 */
	BinlogFileReplay exclude(String... patterns) {
		this.exclude = List.of(patterns);
		return this;
	}

	/**
	 * Start with a GTID set, as a container that connected by GTID does.
	 * @param gtidSet the set before the file's first transaction
	 * @return this replay
	 */
	BinlogFileReplay startGtidSet(String gtidSet) {
		this.startGtidSet = gtidSet;
		return this;
	}

	/**
	 * Read the file from start to end; a stop of the stream is kept for {@link #stop()}.
	 * @return this replay
	 * @throws IOException if the file cannot be read
	 */
	BinlogFileReplay run() throws IOException {
		this.status = new ContainerStatusHolder();
		this.status.track(new PositionTracker(new BinlogPosition(this.file.getFileName().toString(), 4, this.startGtidSet), false));
		BinlogPositionStore store = new BinlogPositionStore() {

			@Override
			public Optional<BinlogPosition> load(String name) {
				return Optional.empty();
			}

			@Override
			public void save(String name, BinlogPosition position, long serverId) {
				BinlogFileReplay.this.saved.add(position);
			}

		};
		PositionSaver saver = new PositionSaver(store, "fixture", Duration.ZERO, this.status, (ex) -> {
			throw ex;
		});
		BinlogDecoder decoder = new BinlogDecoder(new ServerlessJdbcTemplate(this.tables, this.file.getFileName().toString()), List.of(), this.exclude,
				DecodingOptions.DEFAULTS);
		ChangePublisher publisher = new ChangePublisher(this,
				new BinlogEventDispatcher(this.published::add, new BinlogListenerFactory().getRegistry(), false),
				this.status);
		BinlogEventHandler handler = new BinlogEventHandler(decoder, publisher, saver, this.status, () -> {
		});
		handler.connectionOpened(false);
		try (InputStream in = open(); BinaryLogFileReader reader = new BinaryLogFileReader(in, decoder.newDeserializer())) {
			for (Event event = reader.readEvent(); event != null; event = reader.readEvent()) {
				this.types.add(event.getHeader().getEventType());
				handler.handle(event);
			}
		}
		catch (RuntimeException ex) {
			this.stop = ex;
		}
		return this;
	}

	private InputStream open() throws IOException {
		InputStream in = Files.newInputStream(this.file);
		return this.file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
	}

	/** The top-level events the reader returned, in order (a compressed transaction counts as one). */
	List<EventType> eventTypes() {
		return this.types;
	}

	/** The change events published, in order. */
	List<TableChangeEvent> changes() {
		return this.published.stream()
			.filter(TableChangeEvent.class::isInstance)
			.map(TableChangeEvent.class::cast)
			.toList();
	}

	/** The commit events published, in order. */
	List<TransactionCommitEvent> commits() {
		return this.published.stream()
			.filter(TransactionCommitEvent.class::isInstance)
			.map(TransactionCommitEvent.class::cast)
			.toList();
	}

	/** Every event published, in order. */
	List<Object> published() {
		return this.published;
	}

	/** The positions saved, in order. */
	List<BinlogPosition> saved() {
		return this.saved;
	}

	/** The committed position at the end. */
	BinlogPosition committed() {
		return this.status.committedPosition();
	}

	/** What stopped the stream, if anything. */
	@Nullable RuntimeException stop() {
		return this.stop;
	}

	/**
	 * A template that answers the decoder's questions to a server which is not there: collation ids as MySQL 8
	 * numbers them, and {@code information_schema.COLUMNS} for the declared tables.
	 */
	private static final class ServerlessJdbcTemplate extends JdbcTemplate {

		private final Map<String, List<String[]>> tables;

		private final String file;

		ServerlessJdbcTemplate(Map<String, List<String[]>> tables, String file) {
			this.tables = tables;
			this.file = file;
		}

		// the binary log status: the file is all the server ever wrote, so no later schema change exists to look for
		@Override
		public <T> @Nullable T query(String sql, ResultSetExtractor<T> extractor) throws DataAccessException {
			if (!sql.contains("BINARY LOG STATUS") && !sql.contains("MASTER STATUS")) {
				throw noServer(sql);
			}
			Object[] row = { this.file, 4L };
			ResultSet status = (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(),
					new Class<?>[] { ResultSet.class }, new java.lang.reflect.InvocationHandler() {

						private boolean read;

						@Override
						public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
							return switch (method.getName()) {
								case "next" -> {
									boolean first = !this.read;
									this.read = true;
									yield first;
								}
								case "getString" -> String.valueOf(row[(Integer) args[0] - 1]);
								case "getLong" -> (Long) row[(Integer) args[0] - 1];
								default -> throw new UnsupportedOperationException(method.getName());
							};
						}

					});
			try {
				return extractor.extractData(status);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void query(String sql, RowCallbackHandler handler) throws DataAccessException {
			if (sql.contains("information_schema.COLLATIONS")) {
				for (Object[] row : mysql8Collations()) {
					try {
						handler.processRow(resultSet(row));
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
				}
				return;
			}
			throw noServer(sql);
		}

		@Override
		public <T> List<T> query(String sql, RowMapper<T> mapper, @Nullable Object... args) throws DataAccessException {
			if (!sql.contains("information_schema.COLUMNS")) {
				throw noServer(sql);
			}
			List<String[]> columns = this.tables.getOrDefault(args[0] + "." + args[1], List.of());
			// the layout after a statement (schema-change events) is asked by name: schema, table, column, type
			boolean byName = sql.contains("TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME");
			List<T> rows = new ArrayList<>();
			for (String[] column : columns) {
				Object[] row = byName ? new Object[] { args[0], args[1], column[0], column[1] } : column;
				try {
					rows.add(mapper.mapRow(resultSet(row), rows.size()));
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return rows;
		}

		// the hidden columns of a table: none, MySQL has neither implicit system versioning nor long unique hashes
		@Override
		public Map<String, Object> queryForMap(String sql, @Nullable Object... args) throws DataAccessException {
			if (!sql.contains("long_unique_keys")) {
				throw noServer(sql);
			}
			return Map.of("implicit_versioning", 0, "long_unique_keys", 0);
		}

		@Override
		public void execute(String sql) throws DataAccessException {
			// ER_NO_SUCH_TABLE, as a server answers for a table that was dropped
			throw new BadSqlGrammarException("fixture", sql, new SQLException("Table doesn't exist", "42S02", 1146));
		}

		private static RuntimeException noServer(String sql) {
			return new BadSqlGrammarException("fixture", sql, new SQLException("No server behind a binlog file"));
		}

		// the ids of the fixtures' collations (SHOW COLLATION on MySQL 8.0)
		private static List<Object[]> mysql8Collations() {
			List<Object[]> rows = new ArrayList<>();
			rows.add(new Object[] { 8, "latin1" });
			rows.add(new Object[] { 11, "ascii" });
			rows.add(new Object[] { 33, "utf8mb3" });
			rows.add(new Object[] { 45, "utf8mb4" });
			rows.add(new Object[] { 46, "utf8mb4" });
			rows.add(new Object[] { 47, "latin1" });
			rows.add(new Object[] { 83, "utf8mb3" });
			rows.add(new Object[] { 224, "utf8mb4" });
			for (int id = 255; id <= 323; id++) {
				rows.add(new Object[] { id, "utf8mb4" });
			}
			return rows;
		}

		private static ResultSet resultSet(Object[] row) {
			return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] { ResultSet.class },
					(proxy, method, args) -> switch (method.getName()) {
						case "getString" -> (row[(Integer) args[0] - 1] != null) ? row[(Integer) args[0] - 1].toString()
								: null;
						case "getInt" -> (Integer) row[(Integer) args[0] - 1];
						case "wasNull" -> false;
						default -> throw new UnsupportedOperationException(method.getName());
					});
		}

	}

}
