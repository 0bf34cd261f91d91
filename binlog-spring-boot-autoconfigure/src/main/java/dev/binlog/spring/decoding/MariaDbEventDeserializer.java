package dev.binlog.spring.decoding;

import java.io.IOException;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeader;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializationException;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/**
 * An event deserializer that reads TABLE_MAP events with {@link TableMapDeserializer} only. Registering that as
 * the TABLE_MAP deserializer is not enough: the connector then still runs its own on every TABLE_MAP event first
 * (for its internal table map, which the rows deserializers of this package do not use), and that one fails on
 * MariaDB's compressed column types.
 */
final class MariaDbEventDeserializer extends EventDeserializer {

	private final TableMapDeserializer tableMaps = new TableMapDeserializer();

	private int checksumLength;

	/**
	 * Create a deserializer.
	 * @param headers reads the event headers
	 */
	MariaDbEventDeserializer(EventHeaderDeserializer<?> headers) {
		super(headers);
	}

	@Override
	public void setChecksumType(ChecksumType checksumType) {
		super.setChecksumType(checksumType);
		this.checksumLength = checksumType.getLength();
	}

	@Override
	public EventData deserializeTableMapEventData(ByteArrayInputStream in, EventHeader header) throws IOException {
		// the block and checksum handling of the connector's own event data deserialization
		in.enterBlock((int) header.getDataLength() - this.checksumLength);
		try {
			return this.tableMaps.deserialize(in);
		}
		catch (IOException | RuntimeException ex) {
			throw new EventDataDeserializationException(header, ex);
		}
		finally {
			in.skipToTheEndOfTheBlock();
			in.skip(this.checksumLength);
		}
	}

}
