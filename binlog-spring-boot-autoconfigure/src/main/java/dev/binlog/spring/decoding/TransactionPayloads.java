package dev.binlog.spring.decoding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

import com.github.luben.zstd.ZstdInputStream;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import dev.binlog.spring.connection.BinlogStreamException;
import org.jspecify.annotations.Nullable;

/**
 * MySQL's compressed transactions ({@code binlog_transaction_compression=ON}, 8.0.20+): one TRANSACTION_PAYLOAD
 * event holds a whole transaction's events, compressed. The connector's own deserializer decompresses them at
 * once with a default event deserializer, which would bypass this starter's rows deserializers (temporal values,
 * table filter) and read each rows event before its TABLE_MAP reached the decoder. Here the event keeps its
 * compressed bytes, and the inner events are read one at a time, each only after the one before it was handled.
 */
final class TransactionPayloads implements EventDataDeserializer<TransactionPayloadEventData> {

	// the header fields of the event, each a packed type, a packed length and the value (MySQL's
	// Transaction_payload_event); the compressed bytes follow the end mark
	private static final int END_MARK = 0;

	private static final int PAYLOAD_SIZE = 1;

	private static final int COMPRESSION_TYPE = 2;

	private static final int UNCOMPRESSED_SIZE = 3;

	private static final int ZSTD = 0;

	private static final int NONE = 255;

	@Override
	public TransactionPayloadEventData deserialize(ByteArrayInputStream in) throws IOException {
		TransactionPayloadEventData data = new TransactionPayloadEventData();
		int payloadSize = -1;
		while (in.available() > 0) {
			int type = in.readPackedInteger();
			if (type == END_MARK) {
				break;
			}
			int length = in.readPackedInteger();
			switch (type) {
				case PAYLOAD_SIZE -> payloadSize = in.readPackedInteger();
				case COMPRESSION_TYPE -> data.setCompressionType(in.readPackedInteger());
				case UNCOMPRESSED_SIZE -> data.setUncompressedSize(in.readPackedLong());
				default -> in.skip(length); // a field a newer server added
			}
		}
		data.setPayloadSize((payloadSize >= 0) ? payloadSize : in.available());
		data.setPayload(in.read(data.getPayloadSize()));
		// the event deserializer walks this list (for TABLE_MAPs to remember): the events are read by events()
		data.setUncompressedEvents(new ArrayList<>());
		return data;
	}

	/**
	 * Return the events of a compressed transaction, read lazily: a rows event is deserialized only when the
	 * events before it (its TABLE_MAP) were handled.
	 * @param payload the event data, as {@link #deserialize} read it
	 * @param tableMaps the TABLE_MAP events by table id the rows deserializers read
	 * @param filter which tables to decode
	 * @return the inner events, in order
	 * @throws BinlogStreamException for a compression this starter does not know
	 */
	static Iterable<Event> events(TransactionPayloadEventData payload, Map<Long, TableMapEventData> tableMaps,
			TableFilter filter) {
		int compression = payload.getCompressionType();
		if (compression != ZSTD && compression != NONE) {
			throw new BinlogStreamException("A compressed transaction (TRANSACTION_PAYLOAD) uses compression type "
					+ compression + ", which this starter does not know.",
					"Set binlog_transaction_compression=OFF on the server, or upgrade the starter.");
		}
		// the inner events carry no checksum, whatever binlog_checksum says: a fresh deserializer expects none
		EventDeserializer deserializer = new EventDeserializer();
		deserializer.setCompatibilityMode(CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
		RowsEventDeserializer.install(deserializer, tableMaps, filter);
		// identifiers in UTF-8 whatever the JVM's default charset, as on the outer stream
		deserializer.setEventDataDeserializer(EventType.TABLE_MAP, new TableMapDeserializer());
		deserializer.setEventDataDeserializer(EventType.QUERY, new QueryDeserializer());
		return () -> new InnerEvents(payload, compression == ZSTD, deserializer);
	}

	private static final class InnerEvents implements Iterator<Event> {

		private final ByteArrayInputStream in;

		private final EventDeserializer deserializer;

		private @Nullable Event next;

		private boolean done;

		InnerEvents(TransactionPayloadEventData payload, boolean zstd, EventDeserializer deserializer) {
			try {
				InputStream bytes = new java.io.ByteArrayInputStream(payload.getPayload());
				this.in = new ByteArrayInputStream(zstd ? new ZstdInputStream(bytes) : bytes);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot decompress a TRANSACTION_PAYLOAD event", ex);
			}
			this.deserializer = deserializer;
		}

		@Override
		public boolean hasNext() {
			if (this.next == null && !this.done) {
				try {
					this.next = this.deserializer.nextEvent(this.in);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot read the events of a TRANSACTION_PAYLOAD event", ex);
				}
				this.done = this.next == null;
			}
			return this.next != null;
		}

		@Override
		public Event next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			Event event = this.next;
			this.next = null;
			return event;
		}

	}

}
