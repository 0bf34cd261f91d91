package dev.binlog.spring.decoding;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Maps MySQL/MariaDB character sets and collation ids to Java charsets. Collation ids are read once from the
 * server's {@code information_schema}, since ids differ between MySQL and MariaDB versions.
 */
final class CharsetRegistry {

	/** The collation id of the {@code binary} pseudo character set. */
	public static final int BINARY_COLLATION = 63;

	private static final Map<String, Charset> JAVA_CHARSETS = new HashMap<>();

	static {
		JAVA_CHARSETS.put("utf8mb4", StandardCharsets.UTF_8);
		JAVA_CHARSETS.put("utf8mb3", StandardCharsets.UTF_8);
		JAVA_CHARSETS.put("utf8", StandardCharsets.UTF_8);
		JAVA_CHARSETS.put("ucs2", StandardCharsets.UTF_16BE);
		JAVA_CHARSETS.put("utf16", StandardCharsets.UTF_16BE);
		JAVA_CHARSETS.put("utf16le", StandardCharsets.UTF_16LE);
		JAVA_CHARSETS.put("utf32", Charset.forName("UTF-32BE"));
		// the single-byte sets are decoded through the server's own tables (SingleByteTables), the East Asian
		// multi-byte ones through tables read from the server (MultiByteTables); MySQL's gb18030, which MariaDB has
		// not, through Java's, which is not checked against the server (see README)
		JAVA_CHARSETS.put("gb18030", Charset.forName("GB18030"));
		for (String name : SingleByteTables.HIGH_HALVES.keySet()) {
			JAVA_CHARSETS.put(name, SingleByteCharset.forServerName(name));
		}
	}

	private final JdbcTemplate jdbc;

	private volatile @Nullable Map<Integer, String> charsetByCollation;

	/**
	 * Create a registry that reads collation ids through the given JDBC template.
	 * @param jdbc a template connected to the binlog server
	 */
	public CharsetRegistry(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Return the Java charset of a MySQL character set name.
	 * @param name the character set name, such as {@code utf8mb4}; {@code binary} or {@code null} for binary data
	 * @return the charset, or {@code null} for binary data
	 * @throws IllegalStateException if the character set has no Java equivalent
	 */
	public static @Nullable Charset forCharsetName(@Nullable String name) {
		if (name == null || name.equalsIgnoreCase("binary")) {
			return null;
		}
		Charset charset = JAVA_CHARSETS.get(name.toLowerCase(Locale.ROOT));
		if (charset == null) {
			throw new IllegalStateException("Character set '" + name + "' has no Java equivalent known to the binlog "
					+ "starter; convert the column to utf8mb4 or exclude its table with binlog.exclude");
		}
		return charset;
	}

	/**
	 * Return the Java charset of a collation id from a TABLE_MAP event.
	 * @param collationId the collation id
	 * @return the charset, or {@code null} for the binary collation
	 */
	public @Nullable Charset forCollation(int collationId) {
		if (collationId == BINARY_COLLATION) {
			return null;
		}
		String name = collations().get(collationId);
		if (name == null) {
			throw new IllegalStateException("Unknown collation id " + collationId + " in the binlog's table metadata");
		}
		return charset(name);
	}

	private @Nullable Charset charset(@Nullable String name) {
		if (name == null || !MultiByteTables.NAMES.contains(name.toLowerCase(Locale.ROOT))) {
			return forCharsetName(name);
		}
		try {
			return MultiByteTables.charset(this.jdbc, name.toLowerCase(Locale.ROOT));
		}
		catch (DataAccessException ex) {
			throw new IllegalStateException("Cannot read the tables of character set " + name + " from the server", ex);
		}
	}

	/**
	 * Return the Java charset of a captured column's collation id from a TABLE_MAP event.
	 * @param collationId the collation id
	 * @param table the column's {@code schema.table}
	 * @param column the column's name
	 * @return the charset, or {@code null} for the binary collation
	 * @throws UndecodableCharsetException naming the table, column and character set if it cannot be decoded
	 */
	public @Nullable Charset forCollation(int collationId, String table, String column) {
		try {
			return forCollation(collationId);
		}
		catch (IllegalStateException ex) {
			throw undecodable(String.valueOf(collations().get(collationId)), table, column, ex);
		}
	}

	/**
	 * Return the Java charset of a captured column's character set.
	 * @param name the character set name; {@code binary} or {@code null} for binary data
	 * @param table the column's {@code schema.table}
	 * @param column the column's name
	 * @return the charset, or {@code null} for binary data
	 * @throws UndecodableCharsetException naming the table, column and character set if it cannot be decoded
	 */
	public @Nullable Charset forCharsetName(@Nullable String name, String table, String column) {
		try {
			return charset(name);
		}
		catch (IllegalStateException ex) {
			throw undecodable(String.valueOf(name), table, column, ex);
		}
	}

	private static UndecodableCharsetException undecodable(String charset, String table, String column,
			IllegalStateException ex) {
		UndecodableCharsetException undecodable = new UndecodableCharsetException("Cannot decode column '" + column
				+ "' of " + table + ": its character set " + charset + " has no decoder that matches the server's "
				+ "own conversion. Convert the column to utf8mb4 (ALTER TABLE " + table + " MODIFY " + column
				+ " ... CHARACTER SET utf8mb4), or exclude the table (binlog.exclude).");
		undecodable.initCause(ex);
		return undecodable;
	}

	private Map<Integer, String> collations() {
		Map<Integer, String> map = this.charsetByCollation;
		if (map == null) {
			Map<Integer, String> loaded = new HashMap<>();
			this.jdbc.query("SELECT ID, CHARACTER_SET_NAME FROM information_schema.COLLATIONS WHERE ID IS NOT NULL",
					(rs) -> {
						loaded.put(rs.getInt(1), rs.getString(2));
					});
			try {
				// MariaDB 10.10+ lists further ids (the UCA 14.0 collations) only here
				this.jdbc.query("SELECT ID, CHARACTER_SET_NAME FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY"
						+ " WHERE ID IS NOT NULL", (rs) -> {
							loaded.putIfAbsent(rs.getInt(1), rs.getString(2));
						});
			}
			catch (DataAccessException ex) {
				// MySQL has no ID column in that table
			}
			map = Map.copyOf(loaded);
			this.charsetByCollation = map;
		}
		return map;
	}

}
