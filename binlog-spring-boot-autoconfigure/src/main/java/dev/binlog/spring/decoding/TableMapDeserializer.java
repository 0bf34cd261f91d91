package dev.binlog.spring.decoding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/**
 * Deserializes TABLE_MAP events with the identifiers decoded as UTF-8, and with MariaDB's {@code COMPRESSED} column
 * types ({@code MYSQL_TYPE_BLOB_COMPRESSED} = 140, {@code MYSQL_TYPE_VARCHAR_COMPRESSED} = 141, on which the
 * connector's deserializer fails) announced as the {@code BLOB} or {@code VARCHAR} they hold and marked in
 * {@link TableMapData#compressed()}, so that their cells are inflated when read. The connector's deserializer decodes the
 * schema, table and column names and the ENUM and SET labels with the JVM's default charset, which is US-ASCII under
 * a POSIX locale ({@code LC_ALL=C}, common in containers): a schema named {@code ünï} would then never match its
 * include pattern, silently. The server writes identifiers in UTF-8 (its {@code character_set_system}) and labels
 * in their column's character set, so the names are read again from the event's bytes here, and the labels are
 * kept as bytes for the {@link TableMetadataResolver} to decode with the column's charset.
 */
final class TableMapDeserializer implements EventDataDeserializer<TableMapEventData> {

	static final int BLOB_COMPRESSED = 140;

	static final int VARCHAR_COMPRESSED = 141;

	private static final int COLUMN_NAME = 4;

	private static final int SET_STR_VALUE = 5;

	private static final int ENUM_STR_VALUE = 6;

	private final TableMapEventDataDeserializer stock = new TableMapEventDataDeserializer();

	@Override
	public TableMapEventData deserialize(ByteArrayInputStream in) throws IOException {
		byte[] body = in.read(in.available());
		Cursor cursor = new Cursor(body, 8);
		String schema = cursor.identifier();
		String table = cursor.identifier();
		int columns = (int) cursor.packed();
		BitSet compressed = new BitSet();
		for (int i = 0; i < columns; i++) {
			int code = body[cursor.position + i] & 0xFF;
			if (code == VARCHAR_COMPRESSED || code == BLOB_COMPRESSED) {
				compressed.set(i);
				body[cursor.position + i] = (byte) ((code == VARCHAR_COMPRESSED) ? ColumnType.VARCHAR
						: ColumnType.BLOB).getCode();
			}
		}
		// the stock deserializer reads the types, the metadata and the optional fields that carry no text
		TableMapEventData parsed = this.stock.deserialize(new ByteArrayInputStream(body));
		cursor.skip(columns);
		cursor.skip((int) cursor.packed());
		cursor.skip((columns + 7) >> 3);
		List<byte[][]> enumLabels = new ArrayList<>();
		List<byte[][]> setLabels = new ArrayList<>();
		List<String> columnNames = null;
		while (cursor.remaining() > 0) {
			int field = cursor.u8();
			int length = (int) cursor.packed();
			int end = cursor.position + length;
			switch (field) {
				case COLUMN_NAME -> {
					columnNames = new ArrayList<>(columns);
					while (cursor.position < end) {
						columnNames.add(new String(cursor.lengthEncoded(), StandardCharsets.UTF_8));
					}
				}
				case ENUM_STR_VALUE -> labels(cursor, end, enumLabels);
				case SET_STR_VALUE -> labels(cursor, end, setLabels);
				default -> cursor.position = end;
			}
		}
		TableMapData data = new TableMapData(enumLabels, setLabels, compressed);
		data.setTableId(parsed.getTableId());
		data.setDatabase(schema);
		data.setTable(table);
		data.setColumnTypes(parsed.getColumnTypes());
		data.setColumnMetadata(parsed.getColumnMetadata());
		data.setColumnNullability(parsed.getColumnNullability());
		TableMapEventMetadata metadata = parsed.getEventMetadata();
		if (metadata != null && columnNames != null) {
			metadata.setColumnNames(columnNames);
		}
		data.setEventMetadata(metadata);
		return data;
	}

	private static void labels(Cursor cursor, int end, List<byte[][]> into) throws IOException {
		while (cursor.position < end) {
			byte[][] labels = new byte[(int) cursor.packed()][];
			for (int i = 0; i < labels.length; i++) {
				labels[i] = cursor.lengthEncoded();
			}
			into.add(labels);
		}
	}

	/**
	 * A TABLE_MAP event with the ENUM and SET labels of its optional metadata as the server wrote them: in the
	 * column's character set, which only the resolver knows. The labels of
	 * {@link TableMapEventMetadata#getEnumStrValues()} are the connector's, decoded with the JVM's default charset.
	 */
	static final class TableMapData extends TableMapEventData {

		private final List<byte[][]> enumLabels;

		private final List<byte[][]> setLabels;

		private final BitSet compressed;

		TableMapData(List<byte[][]> enumLabels, List<byte[][]> setLabels, BitSet compressed) {
			this.enumLabels = List.copyOf(enumLabels);
			this.setLabels = List.copyOf(setLabels);
			this.compressed = compressed;
		}

		/**
		 * Return the columns declared {@code COMPRESSED} (MariaDB).
		 * @return their indexes
		 */
		BitSet compressed() {
			return this.compressed;
		}

		/**
		 * Return the labels of each ENUM column, in column order.
		 * @return the labels' bytes
		 */
		List<byte[][]> enumLabels() {
			return this.enumLabels;
		}

		/**
		 * Return the labels of each SET column, in column order.
		 * @return the labels' bytes
		 */
		List<byte[][]> setLabels() {
			return this.setLabels;
		}

	}

	private static final class Cursor {

		private final byte[] bytes;

		private int position;

		Cursor(byte[] bytes, int position) {
			this.bytes = bytes;
			this.position = position;
		}

		int remaining() {
			return this.bytes.length - this.position;
		}

		int u8() throws IOException {
			if (this.position >= this.bytes.length) {
				throw new IOException("TABLE_MAP event ends early, at byte " + this.position);
			}
			return this.bytes[this.position++] & 0xFF;
		}

		void skip(int count) throws IOException {
			if (count < 0 || count > remaining()) {
				throw new IOException("TABLE_MAP event ends early, at byte " + this.position);
			}
			this.position += count;
		}

		// a length byte, the name and a terminating zero
		String identifier() throws IOException {
			int length = u8();
			int start = this.position;
			skip(length + 1);
			return new String(this.bytes, start, length, StandardCharsets.UTF_8);
		}

		long packed() throws IOException {
			int first = u8();
			int size = switch (first) {
				case 0xFC -> 2;
				case 0xFD -> 3;
				case 0xFE -> 8;
				default -> 0;
			};
			if (size == 0) {
				return first;
			}
			long value = 0;
			for (int i = 0; i < size; i++) {
				value |= ((long) u8()) << (8 * i);
			}
			return value;
		}

		byte[] lengthEncoded() throws IOException {
			int length = (int) packed();
			int start = this.position;
			skip(length);
			return Arrays.copyOfRange(this.bytes, start, start + length);
		}

	}

}
