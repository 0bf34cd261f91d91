package dev.binlog.spring.decoding;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The rules of MariaDB's compressed binlog events (type numbers, where the compressed part starts, the compressed
 * part's header), on events built byte by byte; {@code CompressedBinlogIntegrationTests} reads real ones.
 */
class MariadbCompressedEventsTests {

	private static final String SQL = "ALTER TABLE orders ADD COLUMN note VARCHAR(200) "
			+ "DEFAULT 'a default long enough to compress'";

	@Test
	void compressedTypeNumbersMapToTheirOrdinaryTypesAndNoOthers() {
		assertThat(List.of(165, 166, 167, 168, 169, 170, 171).stream().map(MariadbCompressedEvents::ordinaryType))
			.containsExactly(EventType.QUERY, EventType.WRITE_ROWS, EventType.UPDATE_ROWS, EventType.DELETE_ROWS,
					EventType.EXT_WRITE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.EXT_DELETE_ROWS);
		assertThat(List.of(2, 160, 163, 164, 172, 255).stream().map(MariadbCompressedEvents::ordinaryType))
			.containsOnlyNulls();
	}

	@Test
	void compressedQueryIsReadAsAQueryKeepingTheHeaderOfTheCompressedEvent() throws IOException {
		byte[] event = queryEvent(165, "shop", compress(SQL.getBytes(StandardCharsets.UTF_8), 1));

		Event read = newDeserializer().nextEvent(new ByteArrayInputStream(event));

		EventHeaderV4 header = read.getHeader();
		assertThat(header.getEventType()).isEqualTo(EventType.QUERY);
		assertThat(header.getEventLength()).isEqualTo(event.length);
		assertThat(header.getNextPosition()).isEqualTo(4000 + event.length);
		assertThat(header.getServerId()).isEqualTo(7);
		QueryEventData query = (QueryEventData) read.getData();
		assertThat(query.getDatabase()).isEqualTo("shop");
		assertThat(query.getSql()).isEqualTo(SQL);
	}

	@Test
	void ordinaryEventsAfterACompressedOneAreReadAsTheyAre() throws IOException {
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		stream.writeBytes(queryEvent(165, "shop", compress("DROP TABLE t1".getBytes(StandardCharsets.UTF_8), 1)));
		stream.writeBytes(queryEvent(2, "shop", "DROP TABLE t2".getBytes(StandardCharsets.UTF_8)));
		stream.writeBytes(queryEvent(200, "shop", "a type nobody knows".getBytes(StandardCharsets.UTF_8)));
		EventDeserializer deserializer = newDeserializer();
		ByteArrayInputStream in = new ByteArrayInputStream(stream.toByteArray());

		assertThat(((QueryEventData) deserializer.nextEvent(in).getData()).getSql()).isEqualTo("DROP TABLE t1");
		assertThat(((QueryEventData) deserializer.nextEvent(in).getData()).getSql()).isEqualTo("DROP TABLE t2");
		// still UNKNOWN, which the container refuses when it carries data
		assertThat(deserializer.nextEvent(in).getHeader().getEventType()).isEqualTo(EventType.UNKNOWN);
	}

	@Test
	void compressedRowsStartAfterTheColumnCountAndTheColumnBitmaps() throws IOException {
		// table id and flags (8), a column count of 9 (1 byte), one bitmap of 2 bytes per image
		byte[] v1 = new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 9, -1, 1, -1, 1, (byte) 0x81 };
		assertThat(MariadbCompressedEvents.compressedFrom(EventType.WRITE_ROWS, v1)).isEqualTo(11);
		assertThat(MariadbCompressedEvents.compressedFrom(EventType.DELETE_ROWS, v1)).isEqualTo(11);
		assertThat(MariadbCompressedEvents.compressedFrom(EventType.UPDATE_ROWS, v1)).isEqualTo(13);
		// the V2 layout: extra data of 4 bytes, its length included, then 300 columns (252 and two bytes)
		byte[] v2 = new byte[60];
		v2[8] = 4;
		v2[12] = (byte) 252;
		v2[13] = 0x2c;
		v2[14] = 0x01;
		assertThat(MariadbCompressedEvents.compressedFrom(EventType.EXT_WRITE_ROWS, v2)).isEqualTo(15 + 38);
		assertThatIOException().isThrownBy(() -> MariadbCompressedEvents.compressedFrom(EventType.EXT_UPDATE_ROWS,
				Arrays.copyOf(v2, 14)));
	}

	@Test
	void theUncompressedLengthMayTakeOneToFourBytes() throws IOException {
		byte[] rows = new byte[70_000];
		Arrays.fill(rows, (byte) 'x');
		rows[69_999] = 'y';
		for (int lengthBytes = 3; lengthBytes <= 4; lengthBytes++) {
			byte[] body = concat(new byte[] { 1, 2, 3 }, compress(rows, lengthBytes));
			assertThat(MariadbCompressedEvents.inflate(body, 3)).isEqualTo(concat(new byte[] { 1, 2, 3 }, rows));
		}
		byte[] small = "short".getBytes(StandardCharsets.UTF_8);
		for (int lengthBytes = 1; lengthBytes <= 4; lengthBytes++) {
			assertThat(MariadbCompressedEvents.inflate(compress(small, lengthBytes), 0)).isEqualTo(small);
		}
	}

	@Test
	void anotherAlgorithmOrAWrongLengthIsRefusedNotGuessed() {
		byte[] compressed = compress("some text".getBytes(StandardCharsets.UTF_8), 1);
		byte[] otherAlgorithm = compressed.clone();
		otherAlgorithm[0] = (byte) (otherAlgorithm[0] | 0x10);
		assertThatIOException().isThrownBy(() -> MariadbCompressedEvents.inflate(otherAlgorithm, 0))
			.withMessageContaining("algorithm 1")
			.withMessageContaining("log_bin_compress=OFF");
		byte[] longer = compressed.clone();
		longer[1]++;
		assertThatIOException().isThrownBy(() -> MariadbCompressedEvents.inflate(longer, 0))
			.withMessageContaining("not the 10 bytes");
		byte[] shorter = compressed.clone();
		shorter[1]--;
		assertThatIOException().isThrownBy(() -> MariadbCompressedEvents.inflate(shorter, 0))
			.withMessageContaining("not the 8 bytes");
		byte[] notCompressed = compressed.clone();
		notCompressed[0] = 0x01;
		assertThatIOException().isThrownBy(() -> MariadbCompressedEvents.inflate(notCompressed, 0))
			.withMessageContaining("damaged header");
	}

	private static EventDeserializer newDeserializer() {
		return new BinlogDecoder(new JdbcTemplate(), List.of(), List.of(), DecodingOptions.DEFAULTS)
			.newDeserializer();
	}

	// MariaDB's layout: a header byte (compressed, zlib, the width of the length), the big-endian length, zlib data
	private static byte[] compress(byte[] data, int lengthBytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0x80 | lengthBytes);
		for (int i = lengthBytes - 1; i >= 0; i--) {
			out.write((int) ((long) data.length >> (8 * i)) & 0xFF);
		}
		Deflater deflater = new Deflater();
		deflater.setInput(data);
		deflater.finish();
		byte[] buffer = new byte[4096];
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return out.toByteArray();
	}

	// a v4 event without checksum: no FORMAT_DESCRIPTION announced one
	private static byte[] queryEvent(int type, String database, byte[] sql) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, (byte) database.length(), 0, 0, 0, 0 });
		body.writeBytes(database.getBytes(StandardCharsets.US_ASCII));
		body.write(0);
		body.writeBytes(sql);
		int length = 19 + body.size();
		ByteArrayOutputStream event = new ByteArrayOutputStream();
		writeLittleEndian(event, 1_700_000_000, 4);
		event.write(type);
		writeLittleEndian(event, 7, 4);
		writeLittleEndian(event, length, 4);
		writeLittleEndian(event, 4000 + length, 4);
		writeLittleEndian(event, 0, 2);
		event.writeBytes(body.toByteArray());
		return event.toByteArray();
	}

	private static void writeLittleEndian(ByteArrayOutputStream out, long value, int length) {
		for (int i = 0; i < length; i++) {
			out.write((int) (value >> (8 * i)) & 0xFF);
		}
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
