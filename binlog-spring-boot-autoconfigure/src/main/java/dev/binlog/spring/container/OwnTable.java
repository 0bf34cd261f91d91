package dev.binlog.spring.container;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The table whose writes are the position store's own: never published, and never a reason to save again.
 *
 * @param schema the schema, or {@code null} for the table of that name in any schema
 * @param table the table
 */
record OwnTable(@Nullable String schema, String table) {

	/**
	 * Parse {@code schema.table} or {@code table}.
	 * @param qualified the name
	 * @return the table
	 */
	static OwnTable parse(String qualified) {
		int dot = qualified.indexOf('.');
		return new OwnTable((dot >= 0) ? qualified.substring(0, dot) : null, qualified.substring(dot + 1));
	}

	boolean matches(String schema, String table) {
		return this.table.equalsIgnoreCase(table) && (this.schema == null || this.schema.equalsIgnoreCase(schema));
	}

	/**
	 * Return an exclude pattern for this table.
	 * @return a regular expression on {@code schema.table}
	 */
	String pattern() {
		return "(?i)" + ((this.schema != null) ? Pattern.quote(this.schema) : "[^.]+") + "\\."
				+ Pattern.quote(this.table);
	}

}
