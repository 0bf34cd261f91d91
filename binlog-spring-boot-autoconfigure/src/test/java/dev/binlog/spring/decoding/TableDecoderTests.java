package dev.binlog.spring.decoding;

import java.io.Serializable;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.binlog.spring.Row;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TableDecoder} on raw cells as the connector hands them over.
 */
class TableDecoderTests {

	private static final TableMetadata TABLE = new TableMetadata("shop", "t", List.of(
			new ColumnMetadata("big", ColumnType.LONGLONG, 0, true, null, List.of()),
			new ColumnMetadata("day", ColumnType.DATE, 0, false, null, List.of()),
			new ColumnMetadata("at", ColumnType.DATETIME_V2, 0, false, null, List.of()),
			new ColumnMetadata("ts", ColumnType.TIMESTAMP_V2, 0, false, null, List.of()),
			new ColumnMetadata("doc", ColumnType.JSON, 4, false, null, List.of()),
			new ColumnMetadata("tags", ColumnType.SET, 0, false, null, List.of("a", "b", "c")),
			new ColumnMetadata("code", ColumnType.STRING, 4, false, null, List.of()),
			new ColumnMetadata("name", ColumnType.VARCHAR, 40, false, StandardCharsets.UTF_8, List.of())),
			TableMetadata.Source.TABLE_MAP);

	// {"a":1} in MySQL's binary JSON: small object, 1 member, 12 bytes; key at offset 11, length 1; int16 value 1
	private static final byte[] BINARY_JSON = { 0x00, 0x01, 0x00, 0x0C, 0x00, 0x0B, 0x00, 0x01, 0x00, 0x05, 0x01, 0x00,
			'a' };

	private final BitSet all = BitSet.valueOf(new long[] { 0xFF });

	@Test
	void defaultsDecodeUnsignedBigintExactlyAndZeroDatesAsNull() {
		Row row = new TableDecoder(TABLE, DecodingOptions.DEFAULTS).decode(this.all, cells(-1L));
		assertThat(row.get("big")).isEqualTo(new BigInteger("18446744073709551615"));
		assertThat(row.get("day")).isNull();
		assertThat(row.get("at")).isNull();
		assertThat(row.get("ts")).isNull();
		// as MySQL prints JSON for a SELECT: a space after the colon and the comma
		assertThat(row.get("doc")).isEqualTo("{\"a\": 1}");
		assertThat(row.get("tags")).isEqualTo("a,c");
		assertThat(row.get("code")).isEqualTo(new byte[] { 1, 0, 0, 0 });
		assertThat(row.get("name")).isEqualTo("Zoë");
	}

	@Test
	void roundedZeroDatesBecomeTheSmallestValues() {
		DecodingOptions options = new DecodingOptions(DecodingOptions.ZeroDates.ROUND,
				DecodingOptions.BigintUnsigned.BIG_INTEGER);
		Row row = new TableDecoder(TABLE, options).decode(this.all, cells(1L));
		assertThat(row.get("day")).isEqualTo(LocalDate.of(1, 1, 1));
		assertThat(row.get("at")).isEqualTo(LocalDateTime.of(1, 1, 1, 0, 0));
		assertThat(row.get("ts")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
	}

	@Test
	void failingZeroDatesNameTheColumnAndTheProperty() {
		DecodingOptions options = new DecodingOptions(DecodingOptions.ZeroDates.FAIL,
				DecodingOptions.BigintUnsigned.BIG_INTEGER);
		assertThatExceptionOfType(RowDecodingException.class)
			.isThrownBy(() -> new TableDecoder(TABLE, options).decode(this.all, cells(1L)))
			.withMessageContaining("'day' of shop.t")
			.withMessageContaining("binlog.decoding.zero-dates");
	}

	@Test
	void unsignedBigintAsLongFitsOrFails() {
		DecodingOptions options = new DecodingOptions(DecodingOptions.ZeroDates.NULL,
				DecodingOptions.BigintUnsigned.LONG);
		TableDecoder decoder = new TableDecoder(TABLE, options);
		assertThat(decoder.decode(this.all, cells(Long.MAX_VALUE)).get("big")).isEqualTo(Long.MAX_VALUE);
		assertThatExceptionOfType(RowDecodingException.class).isThrownBy(() -> decoder.decode(this.all, cells(-1L)))
			.withMessageContaining("18446744073709551615")
			.withMessageContaining("binlog.decoding.bigint-unsigned");
	}

	@Test
	void absentColumnsStayAbsent() {
		BitSet some = new BitSet();
		some.set(0);
		some.set(7);
		Row row = new TableDecoder(TABLE, DecodingOptions.DEFAULTS).decode(some,
				new Serializable[] { 5L, "x".getBytes(StandardCharsets.UTF_8) });
		assertThat(row.columnNames()).containsExactly("big", "name");
		assertThat(row.contains("day")).isFalse();
	}

	private static Serializable[] cells(long big) {
		return new Serializable[] { big, ZeroDate.DATE, ZeroDate.DATETIME, ZeroDate.TIMESTAMP, BINARY_JSON, 0b101L,
				new byte[] { 1 }, "Zoë".getBytes(StandardCharsets.UTF_8) };
	}

}
