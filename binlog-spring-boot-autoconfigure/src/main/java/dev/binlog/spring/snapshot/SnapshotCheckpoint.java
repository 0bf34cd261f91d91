package dev.binlog.spring.snapshot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.binlog.spring.snapshot.SnapshotPlan.PlannedTable;
import org.jspecify.annotations.Nullable;

/**
 * The text a {@link SnapshotPlan} is saved as beside the position: a version line, the number of tables done, then
 * one line per table still to read, in order, with the raw key of the last row of its last completed chunk. Its
 * size depends on the number of tables, never on their rows.
 * <p>
 * Key values keep the Java type the driver read them with (a tag before each), so that the next chunk binds what
 * the server compares: whole numbers, decimals, text, bytes and dates; any other type is bound as its text.
 */
final class SnapshotCheckpoint {

	private static final String VERSION = "binlog-snapshot-progress 1";

	private static final String NULL = "~";

	private SnapshotCheckpoint() {
	}

	static String encode(long tablesDone, List<PlannedTable> tables) {
		StringBuilder text = new StringBuilder(VERSION).append('\n').append("done ").append(tablesDone);
		for (PlannedTable table : tables) {
			text.append("\ntable ").append(field(table.schema())).append(' ').append(field(table.table()))
				.append(' ').append(table.rows()).append(' ').append(field(table.condition()));
			List<Object> after = table.after();
			if (after != null) {
				for (Object value : after) {
					text.append(' ').append(field(value(value)));
				}
			}
		}
		return text.toString();
	}

	static SnapshotPlan decode(String text) {
		String[] lines = text.split("\n");
		if (lines.length < 2 || !VERSION.equals(lines[0]) || !lines[1].startsWith("done ")) {
			throw new IllegalArgumentException("Not a snapshot progress this version writes: "
					+ lines[0].substring(0, Math.min(lines[0].length(), 40)));
		}
		List<PlannedTable> tables = new ArrayList<>();
		for (int i = 2; i < lines.length; i++) {
			String[] fields = lines[i].split(" ");
			List<Object> after = null;
			if (fields.length > 5) {
				after = new ArrayList<>();
				for (int k = 5; k < fields.length; k++) {
					after.add(value(text(fields[k])));
				}
			}
			tables.add(new PlannedTable(text(fields[1]), text(fields[2]), unfield(fields[4]), after,
					Long.parseLong(fields[3])));
		}
		return new SnapshotPlan(Long.parseLong(lines[1].substring(5)), tables);
	}

	private static String field(@Nullable String value) {
		return (value != null) ? URLEncoder.encode(value, StandardCharsets.UTF_8) : NULL;
	}

	private static @Nullable String unfield(String field) {
		return NULL.equals(field) ? null : URLDecoder.decode(field, StandardCharsets.UTF_8);
	}

	private static String text(String field) {
		String text = unfield(field);
		if (text == null) {
			throw new IllegalArgumentException("A snapshot progress without a table name");
		}
		return text;
	}

	// a tag and the value's text
	private static String value(Object value) {
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return "L" + value;
		}
		if (value instanceof BigInteger || value instanceof BigDecimal) {
			return "N" + ((value instanceof BigDecimal decimal) ? decimal.toPlainString() : value);
		}
		if (value instanceof byte[] bytes) {
			return "B" + Base64.getEncoder().encodeToString(bytes);
		}
		if (value instanceof Timestamp timestamp) {
			return "T" + timestamp.toLocalDateTime();
		}
		if (value instanceof LocalDateTime dateTime) {
			return "T" + dateTime;
		}
		if (value instanceof Date || value instanceof LocalDate) {
			return "D" + value;
		}
		if (value instanceof Time || value instanceof LocalTime) {
			return "H" + value;
		}
		return "S" + value;
	}

	private static Object value(String text) {
		String value = text.substring(1);
		return switch (text.charAt(0)) {
			case 'L' -> Long.parseLong(value);
			case 'N' -> new BigDecimal(value);
			case 'B' -> Base64.getDecoder().decode(value);
			case 'T' -> LocalDateTime.parse(value);
			case 'D' -> LocalDate.parse(value);
			default -> value;
		};
	}

}
