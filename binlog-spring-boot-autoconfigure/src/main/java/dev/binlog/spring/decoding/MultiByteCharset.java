package dev.binlog.spring.decoding;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An East Asian server character set of one to three bytes per character, decoded through tables of every code as
 * the server converts it (see {@link MultiByteTables}): a character the server shows as {@code ?} decodes as
 * {@code ?}. Bytes that are no character of the server's set are refused by {@link #decode(byte[])}, never
 * guessed. Decoding only: the binlog starter never encodes.
 */
final class MultiByteCharset extends Charset {

	// no character: codes the server does not read as one character of exactly those bytes
	static final int NONE = -1;

	// EUC's single shift 3, the lead byte of the three-byte codes of ujis and eucjpms
	static final int SS3 = 0x8F;

	private final String serverName;

	// by byte: the character of a one-byte code, or NONE
	private final int[] single;

	// by (lead << 8 | trail): the character of a two-byte code, or NONE
	private final int[] twoBytes;

	// by (second << 8 | third) after SS3: the character of a three-byte code, or NONE; empty for two-byte sets
	private final int[] threeBytes;

	MultiByteCharset(String serverName, int[] single, int[] twoBytes, int[] threeBytes) {
		super("x-binlog-" + serverName, null);
		this.serverName = serverName;
		this.single = single;
		this.twoBytes = twoBytes;
		this.threeBytes = threeBytes;
	}

	/**
	 * Decode a value of this character set as the server converts it to utf8mb4.
	 * @param bytes the value's bytes
	 * @return the text
	 * @throws IllegalStateException if the bytes are no sequence of characters of the server's set
	 */
	String decode(byte[] bytes) {
		StringBuilder text = new StringBuilder(bytes.length);
		int i = 0;
		while (i < bytes.length) {
			int length = codeLength(bytes, i, bytes.length);
			if (length == 0) {
				throw new IllegalStateException("bytes 0x" + HexFormat.of()
					.formatHex(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 3)))
					.toUpperCase() + " at offset " + i + " are no " + this.serverName
						+ " character the server knows, so what it shows for them is not known here; convert the column "
						+ "to utf8mb4, or exclude the table (binlog.exclude)");
			}
			text.appendCodePoint(character(bytes, i, length));
			i += length;
		}
		return text.toString();
	}

	// the length of the code at a position, 0 if there is none; the lead byte decides, as on the server
	private int codeLength(byte[] bytes, int at, int end) {
		int lead = bytes[at] & 0xFF;
		if (lead == SS3 && this.threeBytes.length > 0) {
			return (at + 2 < end && this.threeBytes[((bytes[at + 1] & 0xFF) << 8) | (bytes[at + 2] & 0xFF)] != NONE)
					? 3 : 0;
		}
		if (at + 1 < end && this.twoBytes[(lead << 8) | (bytes[at + 1] & 0xFF)] != NONE) {
			return 2;
		}
		return (this.single[lead] != NONE) ? 1 : 0;
	}

	private int character(byte[] bytes, int at, int length) {
		return switch (length) {
			case 1 -> this.single[bytes[at] & 0xFF];
			case 2 -> this.twoBytes[((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF)];
			default -> this.threeBytes[((bytes[at + 1] & 0xFF) << 8) | (bytes[at + 2] & 0xFF)];
		};
	}

	@Override
	public boolean contains(Charset charset) {
		return charset == this;
	}

	// for ENUM and SET labels, which the server checked when the table was defined
	@Override
	public CharsetDecoder newDecoder() {
		return new CharsetDecoder(this, 1, 2) {

			@Override
			protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
				byte[] code = new byte[3];
				while (in.hasRemaining()) {
					int available = Math.min(3, in.remaining());
					in.get(in.position(), code, 0, available);
					int length = codeLength(code, 0, available);
					if (length == 0) {
						return CoderResult.malformedForLength(1);
					}
					char[] chars = Character.toChars(character(code, 0, length));
					if (out.remaining() < chars.length) {
						return CoderResult.OVERFLOW;
					}
					out.put(chars);
					in.position(in.position() + length);
				}
				return CoderResult.UNDERFLOW;
			}

		};
	}

	@Override
	public boolean canEncode() {
		return false;
	}

	@Override
	public CharsetEncoder newEncoder() {
		throw new UnsupportedOperationException("The binlog starter decodes " + name() + " only");
	}

}
