package dev.binlog.spring.container;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import org.jspecify.annotations.Nullable;

/**
 * One spelling for an XA transaction's id, whether it comes from an XA_PREPARE event (bytes) or from the text of an
 * {@code XA COMMIT} or {@code XA ROLLBACK} statement ({@code X'6f6e65',X'',1}, {@code 'one'}, {@code 0x6f6e65}):
 * {@code gtrid-hex,bqual-hex,formatID}.
 */
final class XaIds {

	private static final HexFormat HEX = HexFormat.of();

	private XaIds() {
	}

	static String of(XAPrepareEventData prepare) {
		byte[] data = prepare.getData();
		int gtrid = prepare.getGtridLength();
		int bqual = prepare.getBqualLength();
		return HEX.formatHex(data, 0, gtrid) + "," + HEX.formatHex(data, gtrid, gtrid + bqual) + ","
				+ prepare.getFormatID();
	}

	/**
	 * Return the id an {@code XA COMMIT} or {@code XA ROLLBACK} statement names.
	 * @param sql the statement
	 * @return the id, or {@code null} if the statement does not name one this class can read
	 */
	static @Nullable String ofStatement(String sql) {
		String[] words = sql.trim().split("\\s+", 3);
		if (words.length < 3) {
			return null;
		}
		List<String> parts = split(words[2].trim());
		if (parts.isEmpty() || parts.size() > 3) {
			return null;
		}
		String gtrid = hex(parts.get(0));
		String bqual = (parts.size() > 1) ? hex(parts.get(1)) : "";
		String format = (parts.size() > 2) ? parts.get(2).trim() : "1";
		if (gtrid == null || bqual == null || !format.matches("\\d+")) {
			return null;
		}
		return gtrid + "," + bqual + "," + Long.parseLong(format);
	}

	// the comma-separated parts of an XID, up to a trailing keyword such as ONE PHASE
	private static List<String> split(String xid) {
		List<String> parts = new ArrayList<>();
		StringBuilder part = new StringBuilder();
		char quote = 0;
		for (int i = 0; i < xid.length(); i++) {
			char c = xid.charAt(i);
			if (quote != 0) {
				part.append(c);
				if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '\'' || c == '"') {
				quote = c;
				part.append(c);
			}
			else if (c == ',') {
				parts.add(part.toString().trim());
				part.setLength(0);
			}
			else if (Character.isWhitespace(c) && !part.toString().isBlank() && !part.toString().endsWith(",")) {
				// "ONE PHASE" or another keyword after the id
				String rest = xid.substring(i).trim();
				if (!rest.startsWith(",")) {
					break;
				}
			}
			else {
				part.append(c);
			}
		}
		if (!part.toString().isBlank()) {
			parts.add(part.toString().trim());
		}
		return parts;
	}

	private static @Nullable String hex(String literal) {
		String text = literal.trim();
		if (text.length() >= 3 && (text.startsWith("X'") || text.startsWith("x'")) && text.endsWith("'")) {
			return text.substring(2, text.length() - 1).toLowerCase(Locale.ROOT);
		}
		if (text.startsWith("0x") || text.startsWith("0X")) {
			return text.substring(2).toLowerCase(Locale.ROOT);
		}
		if (text.length() >= 2 && (text.charAt(0) == '\'' || text.charAt(0) == '"')
				&& text.charAt(text.length() - 1) == text.charAt(0)) {
			return HEX.formatHex(text.substring(1, text.length() - 1).getBytes(StandardCharsets.UTF_8));
		}
		return null;
	}

}
