package dev.binlog.spring.decoding;

import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

import dev.binlog.spring.Row;
import org.jspecify.annotations.Nullable;

/**
 * Turns the raw cells of one table's rows into {@link Row}s. The conversion of each column is chosen once, when
 * the table's layout becomes known, so decoding a cell is one call without any type switch or charset look-up.
 */
final class TableDecoder {

	private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

	private final TableMetadata metadata;

	private final Converter[] converters;

	/**
	 * Create a decoder for a table layout.
	 * @param metadata the table layout
	 * @param options the decoding choices
	 */
	public TableDecoder(TableMetadata metadata, DecodingOptions options) {
		this.metadata = metadata;
		List<ColumnMetadata> columns = metadata.columns();
		this.converters = new Converter[columns.size()];
		for (int i = 0; i < columns.size(); i++) {
			this.converters[i] = converter(columns.get(i), options);
		}
	}

	/**
	 * Return the table layout this decoder was made for.
	 * @return the metadata
	 */
	public TableMetadata metadata() {
		return this.metadata;
	}

	/**
	 * Decode one row image.
	 * @param included the columns present in the image (all of them with {@code binlog_row_image=FULL})
	 * @param cells the raw cells of the present columns, in order
	 * @return the row
	 * @throws RowDecodingException naming the table and column if a cell cannot be decoded
	 */
	public Row decode(BitSet included, Serializable[] cells) {
		@Nullable Object[] values = new Object[this.metadata.visibleCount(included, cells.length)];
		for (int column = included.nextSetBit(0), cell = 0; column >= 0 && this.metadata.isVisible(column);
				column = included.nextSetBit(column + 1), cell++) {
			Serializable raw = cells[cell];
			if (raw != null) {
				try {
					values[cell] = this.converters[column].convert(raw);
				}
				catch (RuntimeException | IOException ex) {
					throw new RowDecodingException("Cannot decode column '" + this.metadata.columns().get(column).name()
							+ "' of " + this.metadata.qualifiedName() + " from a " + raw.getClass().getSimpleName()
							+ ": " + ex.getMessage(), ex);
				}
			}
		}
		return Row.of(this.metadata.layout(included), values);
	}

	private static Converter converter(ColumnMetadata column, DecodingOptions options) {
		return switch (column.type()) {
			case TINY -> column.unsigned() ? (raw) -> ((Integer) raw) & 0xFF : Converter.IDENTITY;
			case SHORT -> column.unsigned() ? (raw) -> ((Integer) raw) & 0xFFFF : Converter.IDENTITY;
			case INT24 -> column.unsigned() ? (raw) -> ((Integer) raw) & 0xFFFFFF : Converter.IDENTITY;
			case LONG -> column.unsigned() ? (raw) -> ((Integer) raw) & 0xFFFFFFFFL : Converter.IDENTITY;
			case LONGLONG -> !column.unsigned() ? Converter.IDENTITY
					: (options.bigintUnsigned() == DecodingOptions.BigintUnsigned.LONG) ? TableDecoder::unsignedAsLong
							: TableDecoder::unsignedLong;
			case DATE, NEWDATE, DATETIME, DATETIME_V2, TIMESTAMP, TIMESTAMP_V2 -> zeroDates(options.zeroDates(), options.invalidDates());
			// the binlog drops the trailing zero bytes of BINARY(n); JDBC returns all n bytes
			case STRING -> (column.charset() == null) ? binary(column) : text(column.charset());
			case VARCHAR, VAR_STRING, BLOB -> text(column.charset());
			case JSON -> (raw) -> MysqlJsonText.of((byte[]) raw);
			case VECTOR -> TableDecoder::vector;
			case ENUM -> enumLabel(column.labels());
			case SET -> setLabels(column.labels());
			case BIT -> (column.bits() == 1) ? (raw) -> ((BitSet) raw).get(0) : TableDecoder::bitsAsLong;
			default -> Converter.IDENTITY;
		};
	}

	private static Object unsignedLong(Object raw) {
		long value = (Long) raw;
		return (value >= 0) ? BigInteger.valueOf(value) : BigInteger.valueOf(value).add(TWO_TO_64);
	}

	private static Object unsignedAsLong(Object raw) {
		long value = (Long) raw;
		if (value < 0) {
			throw new ArithmeticException("BIGINT UNSIGNED value " + Long.toUnsignedString(value)
					+ " does not fit a Long; set binlog.decoding.bigint-unsigned=big-integer");
		}
		return value;
	}

	private static Converter zeroDates(DecodingOptions.ZeroDates policy, DecodingOptions.InvalidDates invalidDates) {
		return (raw) -> {
			if (raw instanceof InvalidDate invalid) {
				return invalid.resolve(invalidDates);
			}
			if (!(raw instanceof ZeroDate zero)) {
				return raw;
			}
			return switch (policy) {
				case NULL -> null;
				case ROUND -> switch (zero) {
					case DATE -> LocalDate.of(1, 1, 1);
					case DATETIME -> LocalDateTime.of(1, 1, 1, 0, 0);
					case TIMESTAMP -> LocalDateTime.of(1, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
				};
				case FAIL -> throw new IllegalStateException(
						"zero date; set binlog.decoding.zero-dates to null or round to accept zero dates");
			};
		};
	}

	private static Converter binary(ColumnMetadata column) {
		Converter padded = padded(column.maxLength());
		Function<byte[], Object> typed = MariadbBinaryTypes.decoder(column.dataType());
		return (typed != null) ? (raw) -> typed.apply((byte[]) padded.convert(raw)) : padded;
	}

		private static Converter padded(int length) {
		return (raw) -> {
			byte[] bytes = (byte[]) raw;
			return (bytes.length < length) ? Arrays.copyOf(bytes, length) : bytes;
		};
	}

	private static Converter text(@Nullable Charset charset) {
		if (charset == null) {
			return Converter.IDENTITY;
		}
		if (charset instanceof MultiByteCharset multiByte) {
			// refuses bytes the server does not read as characters, where new String would put U+FFFD
			return (raw) -> multiByte.decode((byte[]) raw);
		}
		return (raw) -> new String((byte[]) raw, charset);
	}

	private static Converter enumLabel(List<String> labels) {
		return (raw) -> {
			int index = (Integer) raw;
			if (index == 0) {
				// the server's "invalid value" marker, which it stores for a bad value in non-strict SQL mode
				return "";
			}
			if (index > labels.size()) {
				throw new IllegalStateException("ENUM index " + index + " beyond the " + labels.size() + " known labels");
			}
			return labels.get(index - 1);
		};
	}

	private static Converter setLabels(List<String> labels) {
		return (raw) -> {
			long bits = (Long) raw;
			StringBuilder builder = new StringBuilder();
			for (int i = 0; i < labels.size() && bits != 0; i++) {
				if ((bits & (1L << i)) != 0) {
					if (builder.length() > 0) {
						builder.append(',');
					}
					builder.append(labels.get(i));
					bits &= ~(1L << i);
				}
			}
			if (bits != 0) {
				throw new IllegalStateException("SET value has bits beyond the " + labels.size() + " known labels");
			}
			return builder.toString();
		};
	}

	// MySQL 9's VECTOR: little-endian IEEE 754 single-precision floats, one per dimension
	private static Object vector(Object raw) {
		byte[] bytes = (byte[]) raw;
		if (bytes.length % Float.BYTES != 0) {
			throw new IllegalStateException("VECTOR value of " + bytes.length + " bytes is no whole number of floats");
		}
		float[] values = new float[bytes.length / Float.BYTES];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
		return values;
	}

	private static Object bitsAsLong(Object raw) {
		long[] words = ((BitSet) raw).toLongArray();
		return (words.length == 0) ? 0L : words[0];
	}

	@FunctionalInterface
	private interface Converter {

		Converter IDENTITY = (raw) -> raw;

		@Nullable Object convert(Object raw) throws IOException;

	}

}
