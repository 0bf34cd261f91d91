package dev.binlog.spring.snapshot;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import org.jspecify.annotations.Nullable;

/**
 * The window of one chunk: the keys of the chunk's table that the stream changed since the window opened (before the
 * chunk was read), each with the position of its latest change, so that rows the stream changed after the chunk's
 * watermark are left out of the chunk. Used under the stream lock only.
 */
final class ChangedKeys {

	private final SnapshotTable table;

	private final int[] keyIndexes;

	private final Map<List<Object>, BinlogPosition> changes = new HashMap<>();

	ChangedKeys(SnapshotTable table) {
		this.table = table;
		this.keyIndexes = table.keyIndexes();
	}

	boolean watches(String schema, String table) {
		return this.table.schema().equals(schema) && this.table.table().equals(table);
	}

	/**
	 * Record a change of the stream.
	 * @param change the change
	 * @param position the position just after its event
	 */
	void changed(RowChange change, BinlogPosition position) {
		record(change.before(), position);
		record(change.after(), position);
	}

	private void record(@Nullable Row image, BinlogPosition position) {
		if (image == null) {
			return;
		}
		List<Object> key = new ArrayList<>(this.keyIndexes.length);
		for (String column : this.table.key()) {
			if (!image.contains(column)) {
				// a minimal after image without the key: the key did not change, the before image has it
				return;
			}
			key.add(normalize(image.get(column)));
		}
		this.changes.put(key, position);
	}

	/**
	 * Return whether the stream changed the row's key after a position.
	 * @param row a row of the chunk
	 * @param watermark the chunk's watermark
	 * @return whether the stream's newer state wins over the row
	 */
	boolean changedAfter(Row row, BinlogPosition watermark) {
		List<Object> key = new ArrayList<>(this.keyIndexes.length);
		for (int index : this.keyIndexes) {
			key.add(normalize(row.get(index)));
		}
		BinlogPosition changed = this.changes.get(key);
		return changed != null && Watermarks.isAfter(changed, watermark);
	}

	int size() {
		return this.changes.size();
	}

	// equal keys compare equal whatever the width of their Java type; arrays compare by content
	private static @Nullable Object normalize(@Nullable Object value) {
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return BigInteger.valueOf(((Number) value).longValue());
		}
		if (value instanceof byte[] bytes) {
			return ByteBuffer.wrap(bytes);
		}
		return value;
	}

}
