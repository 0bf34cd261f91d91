package dev.binlog.spring.decoding;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import dev.binlog.spring.Action;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one door into decoding: turns the rows events of captured tables into named, typed rows. Knows which tables
 * are captured, remembers the TABLE_MAP events of the current connection and the layouts of their tables, and
 * installs the rows deserializers that skip the bytes of tables nobody captures. Used by the binlog thread only.
 */
public final class BinlogDecoder {

	private final JdbcTemplate jdbc;

	private final TableFilter filter;

	private final DecodingOptions options;

	// read by the rows deserializers while an event is read, written here when its TABLE_MAP arrived before it
	private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();

	private final Map<Long, TableDecoder> decoders = new HashMap<>();

	private TableMetadataResolver resolver;

	private InformationSchemaLayouts layouts;

	private final LegacyTemporal legacyTemporal;

	private final SchemaChanges schemaChanges;

	/**
	 * Create a decoder.
	 * @param jdbc a template connected to the binlog server, for {@code information_schema} and collations
	 * @param include regular expressions on {@code schema.table} to capture; empty to capture every table
	 * @param exclude regular expressions on {@code schema.table} to ignore
	 * @param options the decoding choices
	 * @throws IllegalArgumentException naming the property if a pattern does not compile
	 */
	public BinlogDecoder(JdbcTemplate jdbc, List<String> include, List<String> exclude, DecodingOptions options) {
		this.jdbc = jdbc;
		this.filter = new TableFilter(include, exclude);
		this.options = options;
		this.legacyTemporal = new LegacyTemporal(jdbc);
		this.schemaChanges = new SchemaChanges(jdbc, this.filter);
		this.resolver = newResolver();
		this.layouts = new InformationSchemaLayouts(this.resolver, new SchemaChangeLog(jdbc));
	}

	private TableMetadataResolver newResolver() {
		return new TableMetadataResolver(this.jdbc, new CharsetRegistry(this.jdbc));
	}

	/**
	 * Forget every table layout learnt so far: the stream starts again, and the tables may have changed meanwhile.
	 */
	public void reset() {
		this.resolver = newResolver();
		this.layouts = new InformationSchemaLayouts(this.resolver, new SchemaChangeLog(this.jdbc));
		this.legacyTemporal.invalidate();
		this.tableMaps.clear();
		this.decoders.clear();
	}

	/**
	 * Return an event deserializer for a new connection, whose rows deserializers read the table maps this
	 * decoder receives, and which reads MariaDB's compressed events as ordinary ones. The table ids of an earlier
	 * connection are forgotten.
	 * @return the event deserializer
	 */
	public EventDeserializer newDeserializer() {
		this.tableMaps.clear();
		this.decoders.clear();
		this.schemaChanges.clear();
		MariadbCompressedEvents compressed = new MariadbCompressedEvents();
		// reads TABLE_MAP events with our deserializer only (UTF-8 identifiers, MariaDB's compressed columns)
		EventDeserializer deserializer = new MariaDbEventDeserializer(compressed.headers());
		deserializer.setCompatibilityMode(CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
		RowsEventDeserializer.install(deserializer, this.tableMaps, this.filter);
		deserializer.setEventDataDeserializer(EventType.TRANSACTION_PAYLOAD, new TransactionPayloads());
		// identifiers in UTF-8 whatever the JVM's default charset
		deserializer.setEventDataDeserializer(EventType.TABLE_MAP, new TableMapDeserializer());
		deserializer.setEventDataDeserializer(EventType.QUERY, new QueryDeserializer());
		// after the ordinary deserializers, which it wraps
		compressed.install(deserializer);
		return deserializer;
	}

	/**
	 * Return the events of a compressed transaction (MySQL's TRANSACTION_PAYLOAD), read one at a time: hand each
	 * to the container before asking for the next, as a TABLE_MAP must reach {@link #tableMap} before its rows.
	 * @param payload the data of a TRANSACTION_PAYLOAD event read with {@link #newDeserializer()}
	 * @return the inner events, in order; they have no positions of their own
	 */
	public Iterable<Event> payloadEvents(TransactionPayloadEventData payload) {
		return TransactionPayloads.events(payload, this.tableMaps, this.filter);
	}

	/**
	 * Return the decoding choices, which table snapshots follow too.
	 * @return the options
	 */
	public DecodingOptions options() {
		return this.options;
	}

	/**
	 * Return whether rows of a table are captured.
	 * @param schema the schema
	 * @param table the table
	 * @return whether the table passes {@code binlog.include} and {@code binlog.exclude}
	 */
	public boolean captures(String schema, String table) {
		return this.filter.accepts(schema, table);
	}

	/**
	 * A TABLE_MAP event: the rows events that follow refer to the table by this id. Resolves the table's layout
	 * when it is captured.
	 * @param tableMap the event
	 * @param at the position just after the event
	 * @throws TableLayoutMismatchException if the layout cannot be known for sure
	 */
	public void tableMap(TableMapEventData tableMap, BinlogPosition at) {
		long tableId = tableMap.getTableId();
		this.tableMaps.put(tableId, tableMap);
		if (!this.filter.accepts(tableMap.getDatabase(), tableMap.getTable())) {
			this.decoders.remove(tableId);
			return;
		}
		this.legacyTemporal.complete(tableMap);
		TableMetadata metadata = this.resolver.resolve(tableMap);
		if (metadata == null) {
			metadata = this.layouts.resolve(tableMap, at);
		}
		this.schemaChanges.seen(metadata);
		TableDecoder decoder = this.decoders.get(tableId);
		if (decoder == null || decoder.metadata() != metadata) {
			this.decoders.put(tableId, new TableDecoder(metadata, this.options));
		}
	}

	/**
	 * A statement that may have changed table layouts (DDL): the layouts of the tables it names are looked up again.
	 * @param database the statement's default database, or {@code null}
	 * @param sql the statement
	 * @param at the position just after it
	 */
	public void layoutsChanged(@Nullable String database, String sql, BinlogPosition at) {
		this.layouts.statement(DdlStatement.parse(database, sql), at);
		this.resolver.invalidate();
		this.legacyTemporal.invalidate();
		this.decoders.clear();
	}

	/**
	 * Describe a statement that may have changed table layouts, for schema-change events. Call it before
	 * {@link #layoutsChanged}.
	 * @param database the statement's default database, or {@code null}
	 * @param sql the statement
	 * @param at the position just after it
	 * @return one change per captured table the statement names, one without a table for DDL that names none,
	 * nothing for other statements
	 */
	public List<DecodedSchemaChange> schemaChanges(@Nullable String database, String sql, BinlogPosition at) {
		return this.schemaChanges.statement(database, sql, at);
	}

	/**
	 * The server moved on to a new binlog file, where table ids may be reused.
	 */
	public void fileRotated() {
		this.tableMaps.clear();
		this.decoders.clear();
	}

	/**
	 * Decode the rows of a WRITE, UPDATE or DELETE rows event.
	 * @param data the event's data
	 * @return the decoded rows, or {@code null} when the table is not captured
	 * @throws RowDecodingException naming the table and column when a cell cannot be decoded
	 */
	public @Nullable DecodedRows decode(EventData data) {
		if (data instanceof UpdateRowsEventData update) {
			TableDecoder decoder = this.decoders.get(update.getTableId());
			if (decoder == null) {
				return null;
			}
			List<RowChange> changes = new ArrayList<>(update.getRows().size());
			for (Map.Entry<Serializable[], Serializable[]> cells : update.getRows()) {
				changes.add(new RowChange(Action.UPDATE,
						decoder.decode(update.getIncludedColumnsBeforeUpdate(), cells.getKey()),
						decoder.decode(update.getIncludedColumns(), cells.getValue())));
			}
			return new DecodedRows(Action.UPDATE, decoder.metadata().schema(), decoder.metadata().table(), List.of(),
					changes);
		}
		if (data instanceof WriteRowsEventData write) {
			TableDecoder decoder = this.decoders.get(write.getTableId());
			return (decoder != null) ? new DecodedRows(Action.WRITE, decoder.metadata().schema(),
					decoder.metadata().table(), rows(decoder, write.getIncludedColumns(), write.getRows()), List.of())
					: null;
		}
		if (data instanceof DeleteRowsEventData delete) {
			TableDecoder decoder = this.decoders.get(delete.getTableId());
			return (decoder != null) ? new DecodedRows(Action.DELETE, decoder.metadata().schema(),
					decoder.metadata().table(), rows(decoder, delete.getIncludedColumns(), delete.getRows()), List.of())
					: null;
		}
		throw new IllegalStateException("Unexpected rows event data " + data);
	}

	private static List<Row> rows(TableDecoder decoder, BitSet included, List<Serializable[]> cells) {
		List<Row> rows = new ArrayList<>(cells.size());
		for (Serializable[] row : cells) {
			rows.add(decoder.decode(included, row));
		}
		return rows;
	}

}
