package dev.binlog.spring.decoding;

import java.io.IOException;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import org.jspecify.annotations.Nullable;

/**
 * MariaDB's compressed binlog events ({@code log_bin_compress=ON}): a statement or a rows event longer than
 * {@code log_bin_compress_min_len} is written as QUERY_COMPRESSED or *_ROWS_COMPRESSED, whose layout is the ordinary
 * one except that the statement text, or the row images, are zlib-compressed. The connector knows none of these type
 * numbers and reads them as {@link EventType#UNKNOWN}. Here the header deserializer reads them as the ordinary
 * QUERY and rows types (the header, and so the positions, stay those of the compressed event), and the data
 * deserializers of those types inflate the body before the ordinary deserializer reads it.
 */
final class MariadbCompressedEvents {

	// MariaDB's Log_event_type numbers (sql/log_event.h): 165, then the rows events in this order, the V1 layout
	// (WRITE/UPDATE/DELETE_ROWS_COMPRESSED_EVENT_V1, 166-168) before the V2 one with its extra header (169-171)
	private static final int QUERY_COMPRESSED = 165;

	private static final List<EventType> ROWS_COMPRESSED = List.of(EventType.WRITE_ROWS, EventType.UPDATE_ROWS,
			EventType.DELETE_ROWS, EventType.EXT_WRITE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.EXT_DELETE_ROWS);

	// the query event's post-header: thread id (4), execution time (4), database name length (1), error code (2),
	// length of the status variables (2)
	private static final int QUERY_POST_HEADER = 13;

	private static final int QUERY_DB_LENGTH = 8;

	private static final int QUERY_STATUS_LENGTH = 11;

	// table id (6) and flags (2)
	private static final int ROWS_POST_HEADER = 8;

	// the compressed part's header byte: the top bit says compressed, bits 4-6 name the algorithm (0 = zlib),
	// bits 0-2 the number of bytes of the big-endian uncompressed length that follow
	private static final int COMPRESSED_FLAG = 0x80;

	// whether the event being read came compressed: the header deserializer sets it, and the event deserializer
	// then reads that event's data at once on the same thread
	private boolean compressed;

	/**
	 * Return the header deserializer that reads the compressed types as their ordinary ones.
	 * @return the header deserializer, for {@link #install} on an event deserializer created with it
	 */
	EventHeaderDeserializer<EventHeaderV4> headers() {
		return this::header;
	}

	/**
	 * Wrap the QUERY and rows deserializers of an event deserializer, created with {@link #headers()}, so that they
	 * read compressed bodies too. Install after the ordinary deserializers.
	 * @param deserializer the event deserializer
	 */
	void install(EventDeserializer deserializer) {
		wrap(deserializer, EventType.QUERY);
		ROWS_COMPRESSED.forEach((type) -> wrap(deserializer, type));
	}

	private void wrap(EventDeserializer deserializer, EventType type) {
		EventDataDeserializer<?> ordinary = deserializer.getEventDataDeserializer(type);
		deserializer.setEventDataDeserializer(type, (in) -> {
			if (!this.compressed) {
				return ordinary.deserialize(in);
			}
			byte[] body = in.read(in.available());
			return ordinary.deserialize(new ByteArrayInputStream(inflate(body, compressedFrom(type, body))));
		});
	}

	// the common header (v4, 19 bytes), read as the connector reads it but keeping the type numbers it does not know
	private EventHeaderV4 header(ByteArrayInputStream in) throws IOException {
		EventHeaderV4 header = new EventHeaderV4();
		header.setTimestamp(in.readLong(4) * 1000L);
		int number = in.readInteger(1);
		EventType ordinary = ordinaryType(number);
		this.compressed = ordinary != null;
		EventType known = EventType.byEventNumber(number);
		header.setEventType((ordinary != null) ? ordinary : (known != null) ? known : EventType.UNKNOWN);
		header.setServerId(in.readLong(4));
		header.setEventLength(in.readLong(4));
		header.setNextPosition(in.readLong(4));
		header.setFlags(in.readInteger(2));
		return header;
	}

	/**
	 * Return the ordinary type of a compressed MariaDB event type.
	 * @param number the type number of an event header
	 * @return the ordinary type, or {@code null} if the number is not one of a compressed event
	 */
	static @Nullable EventType ordinaryType(int number) {
		if (number == QUERY_COMPRESSED) {
			return EventType.QUERY;
		}
		int rows = number - QUERY_COMPRESSED - 1;
		return (rows >= 0 && rows < ROWS_COMPRESSED.size()) ? ROWS_COMPRESSED.get(rows) : null;
	}

	/**
	 * Return where the compressed part of an event body starts: after the statement's post-header, status variables
	 * and database name, or after a rows event's post-header, column count and column bitmaps (MariaDB's
	 * {@code query_event_uncompress} and {@code row_log_event_uncompress}).
	 * @param type the ordinary type of the event
	 * @param body the event body, without the common header and the checksum
	 * @return the offset of the compressed part's header byte
	 * @throws IOException if the body is shorter than its own lengths say
	 */
	static int compressedFrom(EventType type, byte[] body) throws IOException {
		if (type == EventType.QUERY) {
			require(body, QUERY_POST_HEADER);
			return QUERY_POST_HEADER + littleEndian16(body, QUERY_STATUS_LENGTH) + (body[QUERY_DB_LENGTH] & 0xFF) + 1;
		}
		int offset = ROWS_POST_HEADER;
		if (type == EventType.EXT_WRITE_ROWS || type == EventType.EXT_UPDATE_ROWS
				|| type == EventType.EXT_DELETE_ROWS) {
			// the V2 layout's extra data, whose length counts its own two bytes
			require(body, offset + 2);
			offset += littleEndian16(body, offset);
		}
		require(body, offset + 1);
		int first = body[offset] & 0xFF;
		int lengthBytes = switch (first) {
			case 252 -> 2;
			case 253 -> 3;
			case 254 -> 8;
			default -> 0;
		};
		require(body, offset + 1 + lengthBytes);
		long columns = (lengthBytes == 0) ? first : littleEndian(body, offset + 1, lengthBytes);
		offset += 1 + lengthBytes;
		long bitmap = (columns + 7) / 8;
		// an update carries the columns of its before image and of its after image
		offset += (int) (EventType.isUpdate(type) ? 2 * bitmap : bitmap);
		return offset;
	}

	/**
	 * Return the body with its compressed part inflated.
	 * @param body the event body, without the common header and the checksum
	 * @param from where the compressed part starts
	 * @return the body as it would be written uncompressed
	 * @throws IOException if the compressed part is damaged or uses an algorithm other than zlib
	 */
	static byte[] inflate(byte[] body, int from) throws IOException {
		require(body, from + 1);
		int header = body[from] & 0xFF;
		int algorithm = (header >> 4) & 0x07;
		int lengthBytes = header & 0x07;
		if ((header & COMPRESSED_FLAG) == 0 || lengthBytes < 1 || lengthBytes > 4) {
			throw new IOException("A compressed MariaDB binlog event (log_bin_compress) has a damaged header byte "
					+ header);
		}
		if (algorithm != 0) {
			throw new IOException("A compressed MariaDB binlog event (log_bin_compress) uses compression algorithm "
					+ algorithm + ", which this starter does not know (only 0, zlib); set log_bin_compress=OFF on "
					+ "the server or upgrade the starter");
		}
		require(body, from + 1 + lengthBytes);
		long length = 0;
		for (int i = 0; i < lengthBytes; i++) {
			length = (length << 8) | (body[from + 1 + i] & 0xFF);
		}
		if (length > Integer.MAX_VALUE - from - 8) {
			throw new IOException("A compressed MariaDB binlog event claims " + length + " bytes uncompressed");
		}
		byte[] inflated = new byte[from + (int) length];
		System.arraycopy(body, 0, inflated, 0, from);
		Inflater inflater = new Inflater();
		try {
			int start = from + 1 + lengthBytes;
			inflater.setInput(body, start, body.length - start);
			int read = 0;
			byte[] beyond = new byte[1];
			while (!inflater.finished()) {
				// once the announced length is reached, the stream must end: one byte more means a wrong length
				int n = (read < length) ? inflater.inflate(inflated, from + read, (int) length - read)
						: inflater.inflate(beyond);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					break;
				}
				read += n;
			}
			if (read != length || !inflater.finished()) {
				throw new IOException("A compressed MariaDB binlog event inflates to " + read + " bytes"
						+ (inflater.finished() ? "" : " or more") + ", not the " + length + " bytes its header says");
			}
		}
		catch (DataFormatException ex) {
			throw new IOException("A compressed MariaDB binlog event holds damaged zlib data", ex);
		}
		finally {
			inflater.end();
		}
		return inflated;
	}

	private static void require(byte[] body, int length) throws IOException {
		if (body.length < length) {
			throw new IOException("A compressed MariaDB binlog event is shorter (" + body.length
					+ " bytes) than its layout needs (" + length + ")");
		}
	}

	private static int littleEndian16(byte[] bytes, int offset) {
		return (int) littleEndian(bytes, offset, 2);
	}

	private static long littleEndian(byte[] bytes, int offset, int length) {
		long value = 0;
		for (int i = length - 1; i >= 0; i--) {
			value = (value << 8) | (bytes[offset + i] & 0xFF);
		}
		return value;
	}

}
