package dev.binlog.spring.decoding;

import java.io.IOException;
import java.lang.reflect.Field;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeader;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializationException;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import org.springframework.util.ReflectionUtils;

/**
 * An event deserializer that reads TABLE_MAP events with {@link TableMapDeserializer} only. Registering that as
 * the TABLE_MAP deserializer is not enough: the connector then still runs its own on every TABLE_MAP event first
 * (for its internal table map, which the rows deserializers of this package do not use), and that one fails on
 * MariaDB's compressed column types.
 */
final class MariaDbEventDeserializer extends EventDeserializer {

	private final TableMapDeserializer tableMaps = new TableMapDeserializer();

	// the connector learns the checksum length from the stream's format description (binlog files) or is told it
	// (connections); it keeps it in a private field, which is read here for the former
	private static final Field CHECKSUM_LENGTH = ReflectionUtils.findField(EventDeserializer.class, "checksumLength",
			int.class);

	static {
		if (CHECKSUM_LENGTH == null) {
			throw new IllegalStateException("mysql-binlog-connector-java changed: EventDeserializer has no "
					+ "checksumLength field any more; this starter needs the version its build was tested with");
		}
		ReflectionUtils.makeAccessible(CHECKSUM_LENGTH);
	}

	/**
	 * Create a deserializer.
	 * @param headers reads the event headers
	 */
	MariaDbEventDeserializer(EventHeaderDeserializer<?> headers) {
		super(headers);
	}

	private int checksumLength() {
		return (int) ReflectionUtils.getField(CHECKSUM_LENGTH, this);
	}

	@Override
	public EventData deserializeTableMapEventData(ByteArrayInputStream in, EventHeader header) throws IOException {
		// the block and checksum handling of the connector's own event data deserialization
		in.enterBlock((int) header.getDataLength() - checksumLength());
		try {
			return this.tableMaps.deserialize(in);
		}
		catch (IOException | RuntimeException ex) {
			throw new EventDataDeserializationException(header, ex);
		}
		finally {
			in.skipToTheEndOfTheBlock();
			in.skip(checksumLength());
		}
	}

}
