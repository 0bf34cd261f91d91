package dev.binlog.spring.decoding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which tables a statement of the binary log (a Query event) may have changed the column layout of. Not a SQL
 * parser: a small tokenizer recognises the few statement forms that name the tables they change ({@code ALTER},
 * {@code CREATE}, {@code DROP}, {@code RENAME}, {@code TRUNCATE TABLE}, {@code DROP DATABASE}) and the statements
 * that cannot change a table's columns (grants, users, views, routines, indexes, DML). Anything else, or a table
 * name it cannot attribute to a schema, counts as a change of every table: the answer may be too wide, never too
 * narrow. Names are compared ignoring case, which again can only widen the answer.
 *
 * @param text the statement, for messages
 * @param tables the changed tables as lower-case {@code schema.table}, in statement order
 * @param schemas the schemas all of whose tables changed (a dropped database)
 * @param everyTable whether the statement may have changed any table
 */
record DdlStatement(String text, Set<String> tables, Set<String> schemas, boolean everyTable) {

	private static final Set<String> NO_TABLE_CHANGED = Set.of("GRANT", "REVOKE", "FLUSH", "SET", "ANALYZE",
			"OPTIMIZE", "REPAIR", "CHECK", "CHECKSUM", "INSTALL", "UNINSTALL", "INSERT", "UPDATE", "DELETE",
			"REPLACE", "LOAD", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA", "DO");

	// objects whose CREATE / ALTER / DROP leaves every table's columns as they were
	private static final Set<String> OTHER_OBJECTS = Set.of("DATABASE", "SCHEMA", "USER", "ROLE", "INDEX", "UNIQUE",
			"FULLTEXT", "SPATIAL", "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "AGGREGATE", "EVENT", "SERVER",
			"PACKAGE", "DEFINER", "ALGORITHM", "SQL", "TABLESPACE", "LOGFILE", "INSTANCE");

	/**
	 * Return what a Query event's statement changed.
	 * @param defaultDatabase the event's default database ({@code USE}), or {@code null}/empty
	 * @param sql the statement
	 * @return the changed tables
	 */
	static DdlStatement parse(@Nullable String defaultDatabase, String sql) {
		List<String> tokens = tokenize(sql);
		String database = (defaultDatabase != null && !defaultDatabase.isEmpty()) ? defaultDatabase : null;
		return new Parser(sql, tokens, 0, database).statement();
	}

	/**
	 * Return what the statement in the {@code Info} column of {@code SHOW BINLOG EVENTS} changed, where a default
	 * database is written as a leading {@code use `db`; }.
	 * @param info the column's text
	 * @return the changed tables
	 */
	static DdlStatement parseShowBinlogEventsInfo(String info) {
		List<String> tokens = tokenize(info);
		if (tokens.size() >= 3 && "USE".equals(keyword(tokens.get(0))) && ";".equals(tokens.get(2))) {
			return new Parser(info, tokens, 3, identifier(tokens.get(1))).statement();
		}
		return new Parser(info, tokens, 0, null).statement();
	}

	/**
	 * Return whether the statement may have changed a table's columns.
	 * @param schema the table's schema
	 * @param table the table
	 * @return whether it may have
	 */
	boolean changes(String schema, String table) {
		return this.everyTable || this.schemas.contains(schema.toLowerCase(Locale.ROOT))
				|| this.tables.contains(key(schema, table));
	}

	/**
	 * Return whether the statement changed no table at all.
	 * @return whether it changed none
	 */
	boolean changesNothing() {
		return !this.everyTable && this.schemas.isEmpty() && this.tables.isEmpty();
	}

	static String key(String schema, String table) {
		return schema.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT);
	}

	// identifiers keep their quote character (` or ") so that they are never mistaken for keywords; strings become
	// a single "'" token; comments are dropped, but the text of executable comments (/*! ... */, /*M! ... */) is kept
	static List<String> tokenize(String sql) {
		List<String> tokens = new ArrayList<>();
		int length = sql.length();
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (sql.startsWith("/*!", i) || sql.startsWith("/*M!", i)) {
				i += sql.startsWith("/*M!", i) ? 4 : 3;
				while (i < length && Character.isDigit(sql.charAt(i))) {
					i++;
				}
			}
			else if (sql.startsWith("*/", i)) {
				// the end of an executable comment
				i += 2;
			}
			else if (sql.startsWith("/*", i)) {
				int end = sql.indexOf("*/", i + 2);
				i = (end < 0) ? length : end + 2;
			}
			else if (c == '#' || (sql.startsWith("--", i) && (i + 2 == length || Character.isWhitespace(sql.charAt(i + 2))))) {
				int end = sql.indexOf('\n', i);
				i = (end < 0) ? length : end + 1;
			}
			else if (c == '`' || c == '"' || c == '\'') {
				StringBuilder text = new StringBuilder().append(c);
				i++;
				while (i < length) {
					char d = sql.charAt(i);
					if (d == '\\' && c == '\'' && i + 1 < length) {
						i += 2;
						continue;
					}
					if (d == c) {
						if (i + 1 < length && sql.charAt(i + 1) == c) {
							text.append(c);
							i += 2;
							continue;
						}
						i++;
						break;
					}
					text.append(d);
					i++;
				}
				tokens.add((c == '\'') ? "'" : text.toString());
			}
			else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
				int start = i;
				while (i < length && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
						|| sql.charAt(i) == '$')) {
					i++;
				}
				tokens.add(sql.substring(start, i));
			}
			else {
				tokens.add(String.valueOf(c));
				i++;
			}
		}
		return tokens;
	}

	// an unquoted word, upper-cased; null for a quoted identifier, a string or a symbol
	private static @Nullable String keyword(String token) {
		char first = token.charAt(0);
		return (Character.isLetterOrDigit(first) || first == '_' || first == '$') ? token.toUpperCase(Locale.ROOT)
				: null;
	}

	// the name a token stands for, or null when it is not an identifier
	private static @Nullable String identifier(String token) {
		char first = token.charAt(0);
		if (first == '`' || first == '"') {
			return token.substring(1);
		}
		return (keyword(token) != null) ? token : null;
	}

	private static final class Parser {

		private final String text;

		private final List<String> tokens;

		private final @Nullable String database;

		private final Set<String> tables = new LinkedHashSet<>();

		private int next;

		Parser(String text, List<String> tokens, int start, @Nullable String database) {
			this.text = text;
			this.tokens = tokens;
			this.next = start;
			this.database = database;
		}

		DdlStatement statement() {
			String verb = take();
			if (verb == null) {
				return result(false);
			}
			if ("SET".equals(verb) && skip("STATEMENT")) {
				// MariaDB's SET STATEMENT var=value FOR statement
				while (this.next < this.tokens.size() && !"FOR".equals(keyword(this.tokens.get(this.next)))) {
					this.next++;
				}
				return skip("FOR") ? statement() : everyTable();
			}
			if (NO_TABLE_CHANGED.contains(verb)) {
				return result(false);
			}
			return switch (verb) {
				case "ALTER" -> alter();
				case "CREATE" -> create();
				case "DROP" -> drop();
				case "RENAME" -> rename();
				case "TRUNCATE" -> {
					skip("TABLE");
					yield tableNames(false) ? result(false) : everyTable();
				}
				default -> everyTable();
			};
		}

		private DdlStatement alter() {
			skip("ONLINE");
			skip("OFFLINE");
			skip("IGNORE");
			String object = take();
			if ("TABLE".equals(object) || "SEQUENCE".equals(object)) {
				skip("IF");
				skip("EXISTS");
				if (!tableName()) {
					return everyTable();
				}
				// ALTER TABLE a RENAME TO b changes b too, EXCHANGE PARTITION ... WITH TABLE b swaps b's rows
				while (this.next < this.tokens.size()) {
					String word = take();
					if ("RENAME".equals(word) && !isNextAnyOf("COLUMN", "INDEX", "KEY", "CONSTRAINT")) {
						if (!skip("TO")) {
							skip("AS");
						}
						if (!tableName()) {
							return everyTable();
						}
					}
					else if ("TABLE".equals(word) && !tableName()) {
						return everyTable();
					}
				}
				return result(false);
			}
			return (object != null && OTHER_OBJECTS.contains(object)) ? result(false) : everyTable();
		}

		private DdlStatement create() {
			if (skip("OR")) {
				skip("REPLACE");
			}
			skip("TEMPORARY");
			String object = take();
			if ("TABLE".equals(object) || "SEQUENCE".equals(object)) {
				skip("IF");
				skip("NOT");
				skip("EXISTS");
				return tableName() ? result(false) : everyTable();
			}
			return (object != null && OTHER_OBJECTS.contains(object)) ? result(false) : everyTable();
		}

		private DdlStatement drop() {
			skip("TEMPORARY");
			String object = take();
			if ("TABLE".equals(object) || "TABLES".equals(object) || "SEQUENCE".equals(object)) {
				skip("IF");
				skip("EXISTS");
				return tableNames(false) ? result(false) : everyTable();
			}
			if ("DATABASE".equals(object) || "SCHEMA".equals(object)) {
				skip("IF");
				skip("EXISTS");
				String schema = (this.next < this.tokens.size()) ? identifier(this.tokens.get(this.next)) : null;
				if (schema == null) {
					return everyTable();
				}
				return new DdlStatement(this.text, Set.of(), Set.of(schema.toLowerCase(Locale.ROOT)), false);
			}
			return (object != null && OTHER_OBJECTS.contains(object)) ? result(false) : everyTable();
		}

		private DdlStatement rename() {
			String object = take();
			if ("TABLE".equals(object) || "TABLES".equals(object)) {
				return tableNames(true) ? result(false) : everyTable();
			}
			return "USER".equals(object) ? result(false) : everyTable();
		}

		// a, b, c or (with pairs) a TO b, c TO d
		private boolean tableNames(boolean pairs) {
			do {
				skip("IF");
				skip("EXISTS");
				if (!tableName()) {
					return false;
				}
				if (pairs && (!skip("TO") || !tableName())) {
					return false;
				}
			}
			while (skip(","));
			return true;
		}

		private boolean tableName() {
			String first = (this.next < this.tokens.size()) ? identifier(this.tokens.get(this.next)) : null;
			if (first == null) {
				return false;
			}
			this.next++;
			if (this.next + 1 < this.tokens.size() && ".".equals(this.tokens.get(this.next))) {
				String second = identifier(this.tokens.get(this.next + 1));
				if (second == null) {
					return false;
				}
				this.next += 2;
				this.tables.add(key(first, second));
				return true;
			}
			if (this.database == null) {
				return false;
			}
			this.tables.add(key(this.database, first));
			return true;
		}

		private boolean isNextAnyOf(String... words) {
			String word = (this.next < this.tokens.size()) ? keyword(this.tokens.get(this.next)) : null;
			return word != null && List.of(words).contains(word);
		}

		private boolean skip(String word) {
			if (this.next < this.tokens.size() && (word.equals(keyword(this.tokens.get(this.next)))
					|| word.equals(this.tokens.get(this.next)))) {
				this.next++;
				return true;
			}
			return false;
		}

		private @Nullable String take() {
			if (this.next >= this.tokens.size()) {
				return null;
			}
			String token = this.tokens.get(this.next++);
			String word = keyword(token);
			return (word != null) ? word : token;
		}

		private DdlStatement everyTable() {
			return result(true);
		}

		private DdlStatement result(boolean everyTable) {
			// in statement order: schema-change events follow it (RENAME a TO b: a, then b)
			return new DdlStatement(this.text,
					everyTable ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(this.tables)), Set.of(),
					everyTable);
		}

	}

}
