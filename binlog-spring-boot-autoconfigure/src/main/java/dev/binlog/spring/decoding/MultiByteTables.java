package dev.binlog.spring.decoding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The East Asian multi-byte character sets, decoded exactly as the server converts them: Java's nearest charsets
 * differ from MariaDB for hundreds to thousands of codes each (vendor extensions, codes the server shows as
 * {@code ?}). Their tables are asked of the server once per character set and server version and kept for the
 * process: every one-byte code, every two-byte code, and for {@code ujis} and {@code eucjpms} every three-byte code
 * after EUC's single shift 3 ({@code 0x8F}), converted to utf8mb4 by the server in one query per code length. That
 * is about 32,600 codes (97,000 for the three-byte sets) in queries of 100 to 260 KB, and 260 to 520 KB of tables
 * per character set, once, instead of a query per rows event: decoding a value is then a table look-up per
 * character.
 * <p>
 * Each code is followed by a line feed, which no code of these sets contains: a code whose conversion is exactly
 * one character is a character of the server's set (mapped, or {@code ?} where the server has no mapping); any
 * other result means the server does not read those bytes as one character, and the code stays out of the tables.
 */
final class MultiByteTables {

	/** The server character sets decoded through these tables. */
	static final Set<String> NAMES = Set.of("big5", "cp932", "eucjpms", "euckr", "gb2312", "gbk", "sjis", "ujis");

	private static final Set<String> THREE_BYTE_SETS = Set.of("eucjpms", "ujis");

	private static final byte SEPARATOR = '\n';

	// by server version and character set: tables differ between MySQL and MariaDB and may between versions
	private static final Map<String, MultiByteCharset> CHARSETS = new ConcurrentHashMap<>();

	private MultiByteTables() {
	}

	/**
	 * Return the charset of a character set of {@link #NAMES}, reading its tables from the server at first use.
	 * @param jdbc a template connected to the binlog server
	 * @param name the server's name of the character set
	 * @return the charset
	 */
	static MultiByteCharset charset(JdbcTemplate jdbc, String name) {
		String version = jdbc.queryForObject("SELECT VERSION()", String.class);
		return CHARSETS.computeIfAbsent(version + " " + name, (key) -> load(jdbc, name));
	}

	private static MultiByteCharset load(JdbcTemplate jdbc, String name) {
		int[] single = convert(jdbc, name, 1);
		int[] twoBytes = convert(jdbc, name, 2);
		int[] threeBytes = THREE_BYTE_SETS.contains(name) ? convert(jdbc, name, 3) : new int[0];
		return new MultiByteCharset(name, single, twoBytes, threeBytes);
	}

	// the characters of all codes of a length (after the fixed lead byte SS3 for three), by their last two bytes;
	// multi-byte codes start with a byte over 0x7F and contain no line feed in all these sets, so others are left out
	private static int[] convert(JdbcTemplate jdbc, String name, int length) {
		int[] characters = new int[(length == 1) ? 256 : 65536];
		Arrays.fill(characters, MultiByteCharset.NONE);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(characters.length * (length + 1));
		int[] codes = new int[characters.length];
		int count = 0;
		for (int code = 0; code < characters.length; code++) {
			int first = code >> 8;
			int last = code & 0xFF;
			if (last == SEPARATOR || (length > 1 && first == SEPARATOR) || (length == 2 && first < 0x80)) {
				continue;
			}
			if (length == 3) {
				bytes.write(MultiByteCharset.SS3);
			}
			if (length > 1) {
				bytes.write(first);
			}
			bytes.write(last);
			bytes.write(SEPARATOR);
			codes[count++] = code;
		}
		// as binary, so that the connection's character_set_results cannot convert the result again
		byte[] converted = jdbc.queryForObject("SELECT CAST(CONVERT(CONVERT(? USING " + name
				+ ") USING utf8mb4) AS BINARY)", byte[].class, (Object) bytes.toByteArray());
		String[] results = (converted != null) ? new String(converted, StandardCharsets.UTF_8).split("\n", -1)
				: new String[0];
		if (results.length != count + 1) {
			throw new IllegalStateException("The server converted " + count + " " + name + " codes into "
					+ Math.max(0, results.length - 1) + " lines, so the character set's tables cannot be built");
		}
		for (int i = 0; i < count; i++) {
			String result = results[i];
			if (!result.isEmpty() && result.codePointCount(0, result.length()) == 1) {
				characters[codes[i]] = result.codePointAt(0);
			}
		}
		if (length == 1) {
			characters[SEPARATOR] = SEPARATOR;
			// a lone lead byte is replaced by '?' just like a one-byte code without mapping: not a character by itself
			for (int code = 0x80; code < 256; code++) {
				if (characters[code] == '?') {
					characters[code] = MultiByteCharset.NONE;
				}
			}
		}
		return characters;
	}

}
