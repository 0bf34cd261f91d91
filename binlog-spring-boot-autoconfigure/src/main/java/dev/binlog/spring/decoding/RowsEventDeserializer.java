package dev.binlog.spring.decoding;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.AbstractMap;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.AbstractRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MissingTableMapEventException;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/**
 * Deserializes WRITE/UPDATE/DELETE rows events of every version with two differences from the connector's own
 * deserializers: temporal cells become {@code java.time} values read from their bytes (see {@link TemporalCodec}),
 * and rows of tables the {@link TableFilter} rejects are not decoded at all (the event's bytes are skipped).
 */
final class RowsEventDeserializer extends AbstractRowsEventDataDeserializer<EventData> {

	private static final int STRING_CODE = ColumnType.STRING.getCode();

	private static final ColumnType[] TYPES_BY_CODE = new ColumnType[256];

	static {
		for (ColumnType type : ColumnType.values()) {
			TYPES_BY_CODE[type.getCode()] = type;
		}
	}

	private final Map<Long, TableMapEventData> tableMaps;

	private final TableFilter filter;

	private final EventType type;

	private final boolean extraInfo;

	private RowsEventDeserializer(Map<Long, TableMapEventData> tableMaps, TableFilter filter, EventType type,
			boolean extraInfo) {
		super(tableMaps);
		this.tableMaps = tableMaps;
		this.filter = filter;
		this.type = type;
		this.extraInfo = extraInfo;
	}

	/**
	 * Install deserializers for all rows event types on an event deserializer.
	 * @param deserializer the event deserializer, created with the same table map
	 * @param tableMaps the TABLE_MAP events by table id, shared with the event deserializer
	 * @param filter which tables to decode
	 */
	public static void install(EventDeserializer deserializer, Map<Long, TableMapEventData> tableMaps,
			TableFilter filter) {
		for (EventType type : List.of(EventType.WRITE_ROWS, EventType.UPDATE_ROWS, EventType.DELETE_ROWS)) {
			deserializer.setEventDataDeserializer(type, new RowsEventDeserializer(tableMaps, filter, type, false));
		}
		for (EventType type : List.of(EventType.EXT_WRITE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.EXT_DELETE_ROWS)) {
			deserializer.setEventDataDeserializer(type, new RowsEventDeserializer(tableMaps, filter, type, true));
		}
	}

	@Override
	public EventData deserialize(ByteArrayInputStream in) throws IOException {
		long tableId = in.readLong(6);
		in.skip(2); // flags
		if (this.extraInfo) {
			int extraInfoLength = in.readInteger(2);
			in.skip(extraInfoLength - 2);
		}
		int columnCount = in.readPackedInteger();
		BitSet included = in.readBitSet(columnCount, true);
		TableMapEventData tableMap = this.tableMaps.get(tableId);
		// without a TABLE_MAP, decode anyway: deserializeRow reports the missing TABLE_MAP clearly
		boolean decode = tableMap == null || this.filter.accepts(tableMap.getDatabase(), tableMap.getTable());
		if (EventType.isUpdate(this.type)) {
			BitSet includedAfter = in.readBitSet(columnCount, true);
			List<Map.Entry<Serializable[], Serializable[]>> rows = new ArrayList<>();
			while (decode && in.available() > 0) {
				Serializable[] before = deserializeRow(tableId, included, in);
				Serializable[] after = deserializeRow(tableId, includedAfter, in);
				rows.add(new AbstractMap.SimpleEntry<>(before, after));
			}
			UpdateRowsEventData data = new UpdateRowsEventData();
			data.setTableId(tableId);
			data.setIncludedColumnsBeforeUpdate(included);
			data.setIncludedColumns(includedAfter);
			data.setRows(rows);
			return data;
		}
		List<Serializable[]> rows = new ArrayList<>();
		while (decode && in.available() > 0) {
			rows.add(deserializeRow(tableId, included, in));
		}
		if (EventType.isWrite(this.type)) {
			WriteRowsEventData data = new WriteRowsEventData();
			data.setTableId(tableId);
			data.setIncludedColumns(included);
			data.setRows(rows);
			return data;
		}
		DeleteRowsEventData data = new DeleteRowsEventData();
		data.setTableId(tableId);
		data.setIncludedColumns(included);
		data.setRows(rows);
		return data;
	}

	/**
	 * Read one row image. The same wire format as the connector's own method, without its per-cell boxed map
	 * look-up of the column type and its null {@code BitSet}: on wide tables those cost a tenth of the decoding.
	 */
	@Override
	protected Serializable[] deserializeRow(long tableId, BitSet includedColumns, ByteArrayInputStream in)
			throws IOException {
		TableMapEventData tableMap = this.tableMaps.get(tableId);
		if (tableMap == null) {
			throw new MissingTableMapEventException("No TABLE_MAP event for table id " + tableId + " before its rows "
					+ "event: the stream did not start at a transaction boundary");
		}
		byte[] types = tableMap.getColumnTypes();
		int[] metadata = tableMap.getColumnMetadata();
		Serializable[] cells = new Serializable[includedColumns.cardinality()];
		byte[] nulls = in.read((cells.length + 7) >> 3);
		for (int column = includedColumns.nextSetBit(0), cell = 0; column >= 0 && column < types.length;
				column = includedColumns.nextSetBit(column + 1), cell++) {
			if ((nulls[cell >> 3] & (1 << (cell & 7))) != 0) {
				continue;
			}
			int typeCode = types[column] & 0xFF;
			int meta = metadata[column];
			int length = 0;
			if (typeCode == STRING_CODE) {
				// CHAR, BINARY, ENUM and SET all travel as STRING: the real type and the length share the metadata
				if (meta >= 256) {
					int high = meta >> 8;
					int low = meta & 0xFF;
					if ((high & 0x30) != 0x30) {
						typeCode = high | 0x30;
						length = low | (((high & 0x30) ^ 0x30) << 4);
					}
					else {
						if (high == ColumnType.ENUM.getCode() || high == ColumnType.SET.getCode()) {
							typeCode = high;
						}
						length = low;
					}
				}
				else {
					length = meta;
				}
			}
			ColumnType type = (typeCode < TYPES_BY_CODE.length) ? TYPES_BY_CODE[typeCode] : null;
			if (type == null) {
				throw new IOException("Unsupported column type code " + typeCode + " in table " + tableMap.getDatabase()
						+ "." + tableMap.getTable());
			}
			cells[cell] = deserializeCell(type, meta, length, in);
			if (tableMap instanceof TableMapDeserializer.TableMapData data && data.compressed().get(column)) {
				cells[cell] = inflate(cells[cell], column, tableMap);
			}
		}
		return cells;
	}

	private static Serializable inflate(Serializable cell, int column, TableMapEventData tableMap) throws IOException {
		try {
			return CompressedColumn.inflate((byte[]) cell);
		}
		catch (IOException ex) {
			throw new IOException("Cannot read COMPRESSED column " + (column + 1) + columnName(tableMap, column) + " of "
					+ tableMap.getDatabase() + "." + tableMap.getTable() + ": " + ex.getMessage(), ex);
		}
	}

	// only FULL row metadata carries names here; otherwise they come from information_schema later, in TableDecoder
	private static String columnName(TableMapEventData tableMap, int column) {
		List<String> names = (tableMap.getEventMetadata() != null) ? tableMap.getEventMetadata().getColumnNames() : null;
		return (names != null && column < names.size()) ? " (" + names.get(column) + ")" : "";
	}

	@Override
	protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
			throws IOException {
		return switch (type) {
			case DATE -> (Serializable) TemporalCodec.date(in.read(3));
			case DATETIME_V2 -> (Serializable) TemporalCodec.datetime2(in.read(5 + TemporalCodec.fractionLength(meta)), meta);
			case TIMESTAMP_V2 -> (Serializable) TemporalCodec.timestamp2(in.read(4 + TemporalCodec.fractionLength(meta)), meta);
			case TIME_V2 -> TemporalCodec.time2(in.read(3 + TemporalCodec.fractionLength(meta)), meta);
			// a precision in the metadata marks MariaDB's old format with a fraction (see LegacyTemporal)
			case DATETIME -> (Serializable) ((meta == 0) ? TemporalCodec.datetime(in.read(8))
					: LegacyTemporal.datetime(in.read(LegacyTemporal.datetimeLength(meta)), meta));
			case TIMESTAMP -> (Serializable) ((meta == 0) ? TemporalCodec.timestamp(in.read(4))
					: LegacyTemporal.timestamp(in.read(LegacyTemporal.timestampLength(meta)), meta));
			case TIME -> (meta == 0) ? TemporalCodec.time(in.read(3))
					: LegacyTemporal.time(in.read(LegacyTemporal.timeLength(meta)), meta);
			case YEAR -> TemporalCodec.year(in.readInteger(1));
			default -> super.deserializeCell(type, meta, length, in);
		};
	}

}
