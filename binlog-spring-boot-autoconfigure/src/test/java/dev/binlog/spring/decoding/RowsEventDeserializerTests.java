package dev.binlog.spring.decoding;

import java.io.IOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link RowsEventDeserializer} on a MariaDB {@code COMPRESSED} column whose cell has a header no server
 * writes: the rows of a captured table stop the stream naming the table and the column; the rows of an excluded
 * table are not decoded at all, so the same bytes pass.
 */
class RowsEventDeserializerTests {

	private static final long TABLE_ID = 42;

	// WRITE_ROWS v1 of one row (id INT = 1, body VARCHAR(100) COMPRESSED) whose body cell has header 0xA1: bit 7
	// set, but algorithm 2, which does not exist
	private static final byte[] EVENT = { 42, 0, 0, 0, 0, 0, 0, 0, 2, 0x03, 0x00, 1, 0, 0, 0, 3, (byte) 0xA1, 1, 0 };

	@Test
	void unknownCompressionHeaderStopsNamingTheTableAndTheColumn() {
		EventDataDeserializer<?> rows = writeRows(List.of(), List.of(), List.of("id", "body"));
		assertThatIOException().isThrownBy(() -> rows.deserialize(new ByteArrayInputStream(EVENT)))
			.withMessageContaining("Cannot read COMPRESSED column 2 (body) of shop.notes")
			.withMessageContaining("unknown column compression header 0xa1");
	}

	@Test
	void unknownCompressionHeaderWithoutColumnNamesNamesTheColumnByPosition() {
		EventDataDeserializer<?> rows = writeRows(List.of(), List.of(), null);
		assertThatIOException().isThrownBy(() -> rows.deserialize(new ByteArrayInputStream(EVENT)))
			.withMessageContaining("Cannot read COMPRESSED column 2 of shop.notes: unknown column compression header");
	}

	@Test
	void rowsOfAnExcludedTableAreNotDecoded() throws IOException {
		EventDataDeserializer<?> rows = writeRows(List.of(), List.of("shop\\.notes"), List.of("id", "body"));
		EventData data = rows.deserialize(new ByteArrayInputStream(EVENT));
		assertThat(data).isInstanceOf(WriteRowsEventData.class);
		assertThat(((WriteRowsEventData) data).getRows()).isEmpty();
	}

	private static EventDataDeserializer<?> writeRows(List<String> include, List<String> exclude,
			List<String> columnNames) {
		BitSet compressed = new BitSet();
		compressed.set(1);
		TableMapEventData tableMap = new TableMapDeserializer.TableMapData(List.of(), List.of(), compressed);
		tableMap.setTableId(TABLE_ID);
		tableMap.setDatabase("shop");
		tableMap.setTable("notes");
		tableMap.setColumnTypes(new byte[] { (byte) ColumnType.LONG.getCode(), (byte) ColumnType.VARCHAR.getCode() });
		tableMap.setColumnMetadata(new int[] { 0, 100 });
		tableMap.setColumnNullability(new BitSet());
		if (columnNames != null) {
			TableMapEventMetadata metadata = new TableMapEventMetadata();
			metadata.setColumnNames(columnNames);
			tableMap.setEventMetadata(metadata);
		}
		Map<Long, TableMapEventData> tableMaps = new HashMap<>();
		tableMaps.put(TABLE_ID, tableMap);
		EventDeserializer deserializer = new EventDeserializer();
		deserializer.setCompatibilityMode(CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
		RowsEventDeserializer.install(deserializer, tableMaps, new TableFilter(include, exclude));
		return deserializer.getEventDataDeserializer(EventType.WRITE_ROWS);
	}

}
