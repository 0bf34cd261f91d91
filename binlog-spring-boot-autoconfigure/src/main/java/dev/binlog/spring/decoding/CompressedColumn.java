package dev.binlog.spring.decoding;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the cells of MariaDB's {@code COMPRESSED} columns. A cell starts with a header byte: {@code 0} means the
 * value follows as it is (the server does not compress short values); otherwise bit 7 is set, bits 4 to 6 name the
 * algorithm ({@code 0}, zlib, the only one there is), bit 3 says the deflate stream has no zlib wrapper
 * ({@code column_compression_zlib_wrap=OFF}, the default), and bits 0 to 2 give how many big-endian bytes of
 * original length follow before the compressed data.
 */
final class CompressedColumn {

	private CompressedColumn() {
	}

	/**
	 * Return the value of a compressed cell.
	 * @param cell the cell as the binlog holds it
	 * @return the uncompressed value
	 * @throws IOException if the header names an unknown format or the data does not inflate to the stated length
	 */
	static byte[] inflate(byte[] cell) throws IOException {
		if (cell.length == 0) {
			return cell;
		}
		int header = cell[0] & 0xFF;
		if (header == 0) {
			return java.util.Arrays.copyOfRange(cell, 1, cell.length);
		}
		int lengthBytes = header & 0x07;
		if ((header & 0x80) == 0 || (header & 0x70) != 0 || lengthBytes == 0 || 1 + lengthBytes > cell.length) {
			throw new IOException("unknown column compression header 0x" + Integer.toHexString(header));
		}
		int length = 0;
		for (int i = 1; i <= lengthBytes; i++) {
			length = (length << 8) | (cell[i] & 0xFF);
		}
		Inflater inflater = new Inflater((header & 0x08) != 0);
		try {
			inflater.setInput(cell, 1 + lengthBytes, cell.length - 1 - lengthBytes);
			byte[] value = new byte[length];
			int read = 0;
			while (read < length && !inflater.finished()) {
				int count = inflater.inflate(value, read, length - read);
				if (count == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					break;
				}
				read += count;
			}
			if (read != length) {
				throw new IOException("compressed value inflates to " + read + " bytes instead of " + length);
			}
			return value;
		}
		catch (DataFormatException ex) {
			throw new IOException("compressed value is not valid zlib data: " + ex.getMessage(), ex);
		}
		finally {
			inflater.end();
		}
	}

}
