package dev.binlog.spring.decoding;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;

import org.jspecify.annotations.Nullable;

/**
 * A server character set of one byte per character, decoded through a table of all 256 characters as the server
 * converts them (see {@link SingleByteTables}). Decoding only: the binlog starter never encodes.
 */
final class SingleByteCharset extends Charset {

	private final char[] characters;

	private SingleByteCharset(String serverName, char[] characters) {
		super("x-binlog-" + serverName, null);
		this.characters = characters;
	}

	/**
	 * Return the charset of a server character set from {@link SingleByteTables}.
	 * @param serverName the server's name, such as {@code latin1}
	 * @return the charset, or {@code null} if the character set is not a single-byte one known here
	 */
	static @Nullable SingleByteCharset forServerName(String serverName) {
		String high = SingleByteTables.HIGH_HALVES.get(serverName);
		if (high == null) {
			return null;
		}
		char[] characters = new char[256];
		for (int i = 0; i < 128; i++) {
			characters[i] = (char) i;
		}
		if (serverName.equals("swe7")) {
			SingleByteTables.SWE7_LOW_HALF.getChars(0, 128, characters, 0);
		}
		high.getChars(0, 128, characters, 128);
		return new SingleByteCharset(serverName, characters);
	}

	@Override
	public boolean contains(Charset charset) {
		return charset == this;
	}

	@Override
	public CharsetDecoder newDecoder() {
		return new CharsetDecoder(this, 1, 1) {

			@Override
			protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
				while (in.hasRemaining()) {
					if (!out.hasRemaining()) {
						return CoderResult.OVERFLOW;
					}
					out.put(SingleByteCharset.this.characters[in.get() & 0xFF]);
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
