package dev.binlog.spring.decoding;

import java.nio.charset.Charset;
import java.util.List;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import org.jspecify.annotations.Nullable;

/**
 * What is needed to decode one column's binlog cells into a Java value.
 *
 * @param name the column name
 * @param type the column's real type: {@link ColumnType#ENUM} and {@link ColumnType#SET} rather than the
 * {@code STRING} the TABLE_MAP announces for them
 * @param meta the TABLE_MAP metadata of the column (precision and scale, length, fractional seconds, bits)
 * @param unsigned whether an integer column is {@code UNSIGNED}
 * @param charset the character set of a textual column, or {@code null} for binary data and non-text columns
 * @param labels the labels of an {@code ENUM} or {@code SET} column, in declaration order; empty otherwise
 * @param dataType the {@code information_schema} data type where the binlog type does not tell it (MariaDB's
 * {@code uuid}, {@code inet4}, {@code inet6}, see {@link MariadbBinaryTypes}); {@code null} otherwise
 */
record ColumnMetadata(String name, ColumnType type, int meta, boolean unsigned, @Nullable Charset charset,
		List<String> labels, @Nullable String dataType) {

	public ColumnMetadata {
		labels = List.copyOf(labels);
	}

	ColumnMetadata(String name, ColumnType type, int meta, boolean unsigned, @Nullable Charset charset,
			List<String> labels) {
		this(name, type, meta, unsigned, charset, labels, null);
	}

	ColumnMetadata withDataType(String dataType) {
		return new ColumnMetadata(this.name, this.type, this.meta, this.unsigned, this.charset, this.labels, dataType);
	}

	/**
	 * Return the maximum length in bytes of a {@code CHAR} or {@code BINARY} column, which the TABLE_MAP packs into
	 * the metadata together with the real type.
	 * @return the maximum length in bytes
	 */
	public int maxLength() {
		if (this.meta < 256) {
			return this.meta;
		}
		int high = this.meta >> 8;
		int low = this.meta & 0xFF;
		return ((high & 0x30) != 0x30) ? low | (((high & 0x30) ^ 0x30) << 4) : low;
	}

	/**
	 * Return the number of bits of a {@code BIT(n)} column.
	 * @return the number of bits
	 */
	public int bits() {
		return (this.meta >> 8) * 8 + (this.meta & 0xFF);
	}

}
