package dev.binlog.spring.decoding;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonFormatter;

/**
 * Writes MySQL's binary JSON as the text a {@code SELECT} returns through JDBC, which the connector's own
 * formatter does not: MySQL separates members with {@code ", "} and names with {@code ": "}, prints temporal
 * values inside JSON (opaque DATETIME, TIMESTAMP, TIME) with six fractional digits, and opaque values of other
 * types (a VARCHAR or BLOB cast to JSON) as {@code "base64:type<n>:<bytes>"}.
 */
final class MysqlJsonText implements JsonFormatter {

	private final StringBuilder text = new StringBuilder();

	private MysqlJsonText() {
	}

	/**
	 * Return the text of a binary JSON value.
	 * @param binary the value as the binlog holds it
	 * @return the text MySQL prints for it
	 * @throws IOException if the bytes are not MySQL binary JSON
	 */
	static String of(byte[] binary) throws IOException {
		MysqlJsonText formatter = new MysqlJsonText();
		JsonBinary.parse(binary, formatter);
		return formatter.text.toString();
	}

	@Override
	public void beginObject(int numElements) {
		this.text.append('{');
	}

	@Override
	public void beginArray(int numElements) {
		this.text.append('[');
	}

	@Override
	public void endObject() {
		this.text.append('}');
	}

	@Override
	public void endArray() {
		this.text.append(']');
	}

	@Override
	public void name(String name) {
		quoted(name);
		this.text.append(": ");
	}

	@Override
	public void nextEntry() {
		this.text.append(", ");
	}

	@Override
	public void value(String value) {
		quoted(value);
	}

	@Override
	public void value(int value) {
		this.text.append(value);
	}

	@Override
	public void value(long value) {
		this.text.append(value);
	}

	@Override
	public void value(double value) {
		String plain = Double.toString(value);
		int exponent = plain.indexOf('E');
		if (exponent < 0) {
			this.text.append(plain);
			return;
		}
		// MySQL writes 1e100 and 1.5e-7 where Java writes 1.0E100 and 1.5E-7
		String mantissa = plain.substring(0, exponent);
		this.text.append(mantissa.endsWith(".0") ? mantissa.substring(0, mantissa.length() - 2) : mantissa)
			.append('e')
			.append(plain.substring(exponent + 1));
	}

	@Override
	public void value(BigInteger value) {
		this.text.append(value);
	}

	@Override
	public void value(BigDecimal value) {
		this.text.append(value.toPlainString());
	}

	@Override
	public void value(boolean value) {
		this.text.append(value);
	}

	@Override
	public void valueNull() {
		this.text.append("null");
	}

	@Override
	public void valueYear(int year) {
		this.text.append(year);
	}

	@Override
	public void valueDate(int year, int month, int day) {
		this.text.append('"');
		date(year, month, day);
		this.text.append('"');
	}

	@Override
	public void valueDatetime(int year, int month, int day, int hour, int min, int sec, int microSeconds) {
		this.text.append('"');
		date(year, month, day);
		this.text.append(' ');
		time(hour, min, sec, microSeconds);
		this.text.append('"');
	}

	@Override
	public void valueTime(int hour, int min, int sec, int microSeconds) {
		this.text.append('"');
		if (hour < 0 || min < 0 || sec < 0 || microSeconds < 0) {
			this.text.append('-');
		}
		time(Math.abs(hour), Math.abs(min), Math.abs(sec), Math.abs(microSeconds));
		this.text.append('"');
	}

	@Override
	public void valueTimestamp(long secondsPastEpoch, int microSeconds) {
		// the binary JSON format stores a TIMESTAMP like a DATETIME; the connector never calls this
		throw new IllegalStateException("TIMESTAMP inside binary JSON");
	}

	@Override
	public void valueOpaque(ColumnType type, byte[] value) {
		this.text.append("\"base64:type").append(type.getCode()).append(':');
		this.text.append(Base64.getEncoder().encodeToString(value)).append('"');
	}

	private void date(int year, int month, int day) {
		pad(year, 4);
		this.text.append('-');
		pad(month, 2);
		this.text.append('-');
		pad(day, 2);
	}

	private void time(int hour, int min, int sec, int micros) {
		pad(hour, 2);
		this.text.append(':');
		pad(min, 2);
		this.text.append(':');
		pad(sec, 2);
		this.text.append('.');
		pad(micros, 6);
	}

	private void pad(int value, int digits) {
		String number = Integer.toString(value);
		for (int i = number.length(); i < digits; i++) {
			this.text.append('0');
		}
		this.text.append(number);
	}

	// the escapes of MySQL's JSON printer: the two-character ones where JSON has them, \\u00XX for other controls
	private void quoted(String value) {
		this.text.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> this.text.append("\\\"");
				case '\\' -> this.text.append("\\\\");
				case '\b' -> this.text.append("\\b");
				case '\f' -> this.text.append("\\f");
				case '\n' -> this.text.append("\\n");
				case '\r' -> this.text.append("\\r");
				case '\t' -> this.text.append("\\t");
				default -> {
					if (c < 0x20) {
						this.text.append(String.format("\\u%04x", (int) c));
					}
					else {
						this.text.append(c);
					}
				}
			}
		}
		this.text.append('"');
	}

}
