package dev.binlog.spring.decoding;

import java.io.IOException;
import java.util.BitSet;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventMetadataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/**
 * Reads TABLE_MAP events, including MariaDB's column types the connector does not know: the {@code COMPRESSED}
 * columns ({@code MYSQL_TYPE_BLOB_COMPRESSED} = 140, {@code MYSQL_TYPE_VARCHAR_COMPRESSED} = 141), on which the
 * connector's own deserializer fails with a {@code NullPointerException}. Compressed columns are announced as the
 * {@code VARCHAR} or {@code BLOB} they hold, and marked in {@link Data#compressed()} so that their cells are
 * inflated when read.
 */
final class TableMapDeserializer implements EventDataDeserializer<TableMapEventData> {

	static final int BLOB_COMPRESSED = 140;

	static final int VARCHAR_COMPRESSED = 141;

	private final TableMapEventMetadataDeserializer metadataDeserializer = new TableMapEventMetadataDeserializer();

	@Override
	public TableMapEventData deserialize(ByteArrayInputStream in) throws IOException {
		Data data = new Data();
		data.setTableId(in.readLong(6));
		in.skip(2); // flags
		in.skip(1); // length of the schema name, which is zero-terminated as well
		data.setDatabase(in.readZeroTerminatedString());
		in.skip(1);
		data.setTable(in.readZeroTerminatedString());
		int columnCount = in.readPackedInteger();
		byte[] types = in.read(columnCount);
		for (int i = 0; i < columnCount; i++) {
			int code = types[i] & 0xFF;
			if (code == VARCHAR_COMPRESSED || code == BLOB_COMPRESSED) {
				data.compressed.set(i);
				types[i] = (byte) ((code == VARCHAR_COMPRESSED) ? ColumnType.VARCHAR : ColumnType.BLOB).getCode();
			}
		}
		data.setColumnTypes(types);
		int metadataLength = in.readPackedInteger();
		data.setColumnMetadata(readMetadata(new ByteArrayInputStream(in.read(metadataLength)), types));
		data.setColumnNullability(in.readBitSet(columnCount, true));
		if (in.available() > 0) {
			data.setEventMetadata(this.metadataDeserializer
				.deserialize(new ByteArrayInputStream(in.read(in.available())), columnCount, types));
		}
		return data;
	}

	// the metadata each type carries, as the connector reads it (so its cell decoders get what they expect); the
	// compressed types were replaced by the VARCHAR and BLOB whose metadata they share
	private static int[] readMetadata(ByteArrayInputStream in, byte[] types) throws IOException {
		int[] metadata = new int[types.length];
		for (int i = 0; i < types.length; i++) {
			ColumnType type = ColumnType.byCode(types[i] & 0xFF);
			if (type == null) {
				throw new IOException("Unknown column type code " + (types[i] & 0xFF) + " in column " + (i + 1)
						+ " of a TABLE_MAP event");
			}
			metadata[i] = switch (type) {
				case FLOAT, DOUBLE, BLOB, JSON, GEOMETRY, VECTOR, TIME_V2, DATETIME_V2, TIMESTAMP_V2 -> in.readInteger(1);
				case BIT, VARCHAR, NEWDECIMAL -> in.readInteger(2);
				case SET, ENUM, STRING -> {
					byte[] bytes = in.read(2);
					yield ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
				}
				default -> 0;
			};
		}
		return metadata;
	}

	/**
	 * A TABLE_MAP event with the columns MariaDB stores compressed.
	 */
	static final class Data extends TableMapEventData {

		private static final long serialVersionUID = 1L;

		private final BitSet compressed = new BitSet();

		/**
		 * Return the columns declared {@code COMPRESSED}.
		 * @return their indexes
		 */
		BitSet compressed() {
			return this.compressed;
		}

	}

}
