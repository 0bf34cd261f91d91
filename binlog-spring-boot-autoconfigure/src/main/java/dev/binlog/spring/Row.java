package dev.binlog.spring;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One row image: the columns of a table in their declared order, each with its decoded Java value. Immutable.
 * <p>
 * A column the binlog did not carry (with {@code binlog_row_image=MINIMAL} or {@code NOBLOB}) is absent:
 * {@link #contains(String)} is {@code false} for it, which is different from a column whose value is SQL
 * {@code NULL}. The Java type of each value is listed in the README's type-mapping table.
 */
public final class Row {

	private final Layout layout;

	private final @Nullable Object[] values;

	private Row(Layout layout, @Nullable Object[] values) {
		this.layout = layout;
		this.values = values;
	}

	/**
	 * Create a row. The values array is owned by the row from then on and must not be changed by the caller.
	 * @param layout the column names, shared by all rows of the same table and row image
	 * @param values the values in column order
	 * @return the row
	 */
	public static Row of(Layout layout, @Nullable Object[] values) {
		if (values.length != layout.names.length) {
			throw new IllegalArgumentException(
					"Row has " + values.length + " values for " + layout.names.length + " columns " + layout.names());
		}
		return new Row(layout, values);
	}

	/**
	 * Return the column names, in table order.
	 * @return the column names
	 */
	public List<String> columnNames() {
		return this.layout.names();
	}

	/**
	 * Return the number of columns present in this row.
	 * @return the number of columns
	 */
	public int size() {
		return this.values.length;
	}

	/**
	 * Return whether the row carries the given column (even if its value is {@code NULL}).
	 * @param column the column name
	 * @return whether the column is present
	 */
	public boolean contains(String column) {
		return this.layout.index.containsKey(column);
	}

	/**
	 * Return the value of a column.
	 * @param column the column name
	 * @return the value, {@code null} for SQL {@code NULL}
	 * @throws IllegalArgumentException if the row has no such column
	 */
	public @Nullable Object get(String column) {
		return this.values[indexOf(column)];
	}

	/**
	 * Return the value at a position.
	 * @param index the zero-based index among the columns present
	 * @return the value, {@code null} for SQL {@code NULL}
	 */
	public @Nullable Object get(int index) {
		return this.values[index];
	}

	/**
	 * Return the value of a column as the given type.
	 * @param <T> the expected type
	 * @param column the column name
	 * @param type the expected type
	 * @return the value, {@code null} for SQL {@code NULL}
	 * @throws ClassCastException if the value has another type
	 */
	public <T> @Nullable T get(String column, Class<T> type) {
		Object value = get(column);
		if (value == null) {
			return null;
		}
		if (!type.isInstance(value)) {
			throw new ClassCastException("Column '" + column + "' holds a " + value.getClass().getName()
					+ ", not a " + type.getName());
		}
		return type.cast(value);
	}

	/**
	 * Return a textual column ({@code CHAR}, {@code VARCHAR}, {@code TEXT}, {@code ENUM}, {@code SET},
	 * {@code JSON}) or any other value's string form.
	 * @param column the column name
	 * @return the text, or {@code null}
	 */
	public @Nullable String getString(String column) {
		Object value = get(column);
		return (value != null) ? value.toString() : null;
	}

	/**
	 * Return an integer column that fits an {@code int}.
	 * @param column the column name
	 * @return the value, or {@code null}
	 * @throws ArithmeticException if the value does not fit
	 */
	public @Nullable Integer getInteger(String column) {
		Number number = get(column, Number.class);
		if (number == null || number instanceof Integer) {
			return (Integer) number;
		}
		return Math.toIntExact(getLongExact(column, number));
	}

	/**
	 * Return an integer column that fits a {@code long}.
	 * @param column the column name
	 * @return the value, or {@code null}
	 * @throws ArithmeticException if the value does not fit (a {@code BIGINT UNSIGNED} above
	 * {@link Long#MAX_VALUE})
	 */
	public @Nullable Long getLong(String column) {
		Number number = get(column, Number.class);
		return (number != null) ? getLongExact(column, number) : null;
	}

	private long getLongExact(String column, Number number) {
		if (number instanceof BigInteger big) {
			return big.longValueExact();
		}
		if (number instanceof BigDecimal decimal) {
			return decimal.longValueExact();
		}
		if (number instanceof Double || number instanceof Float) {
			throw new ArithmeticException("Column '" + column + "' is a floating point number");
		}
		return number.longValue();
	}

	/**
	 * Return any integer column as a {@link BigInteger}.
	 * @param column the column name
	 * @return the value, or {@code null}
	 */
	public @Nullable BigInteger getBigInteger(String column) {
		Number number = get(column, Number.class);
		if (number == null || number instanceof BigInteger) {
			return (BigInteger) number;
		}
		return BigInteger.valueOf(getLongExact(column, number));
	}

	/**
	 * Return a {@code DECIMAL} column (or any number, converted exactly).
	 * @param column the column name
	 * @return the value, or {@code null}
	 */
	public @Nullable BigDecimal getBigDecimal(String column) {
		Number number = get(column, Number.class);
		if (number == null || number instanceof BigDecimal) {
			return (BigDecimal) number;
		}
		if (number instanceof BigInteger big) {
			return new BigDecimal(big);
		}
		if (number instanceof Double || number instanceof Float) {
			return new BigDecimal(number.toString());
		}
		return BigDecimal.valueOf(number.longValue());
	}

	/**
	 * Return a {@code FLOAT} or {@code DOUBLE} column (or any number) as a {@code double}.
	 * @param column the column name
	 * @return the value, or {@code null}
	 */
	public @Nullable Double getDouble(String column) {
		Number number = get(column, Number.class);
		return (number != null) ? number.doubleValue() : null;
	}

	/**
	 * Return a {@code BIT(1)} column, or an integer column as {@code true} when it is not zero (the
	 * {@code BOOLEAN} convention).
	 * @param column the column name
	 * @return the value, or {@code null}
	 */
	public @Nullable Boolean getBoolean(String column) {
		Object value = get(column);
		if (value == null || value instanceof Boolean) {
			return (Boolean) value;
		}
		if (value instanceof Number number) {
			return number.longValue() != 0;
		}
		throw new ClassCastException("Column '" + column + "' holds a " + value.getClass().getName()
				+ ", not a boolean or number");
	}

	/**
	 * Return a binary column ({@code BINARY}, {@code VARBINARY}, {@code BLOB}, {@code GEOMETRY}).
	 * @param column the column name
	 * @return a copy of the bytes, or {@code null}
	 */
	public byte @Nullable [] getBytes(String column) {
		byte[] bytes = get(column, byte[].class);
		return (bytes != null) ? bytes.clone() : null;
	}

	/**
	 * Return a {@code DATE} column.
	 * @param column the column name
	 * @return the value, or {@code null}
	 */
	public @Nullable LocalDate getLocalDate(String column) {
		return get(column, LocalDate.class);
	}

	/**
	 * Return a {@code DATETIME} column.
	 * @param column the column name
	 * @return the value, or {@code null}
	 */
	public @Nullable LocalDateTime getLocalDateTime(String column) {
		return get(column, LocalDateTime.class);
	}

	/**
	 * Return a {@code TIMESTAMP} column.
	 * @param column the column name
	 * @return the value, or {@code null}
	 */
	public @Nullable Instant getInstant(String column) {
		return get(column, Instant.class);
	}

	/**
	 * Return a {@code TIME} column, which may be negative or longer than a day.
	 * @param column the column name
	 * @return the value, or {@code null}
	 */
	public @Nullable Duration getDuration(String column) {
		return get(column, Duration.class);
	}

	/**
	 * Return the row as an insertion-ordered map from column name to value.
	 * @return a new unmodifiable map
	 */
	public Map<String, @Nullable Object> toMap() {
		Map<String, @Nullable Object> map = new LinkedHashMap<>();
		for (int i = 0; i < this.values.length; i++) {
			map.put(this.layout.names[i], this.values[i]);
		}
		return Collections.unmodifiableMap(map);
	}

	private int indexOf(String column) {
		Integer index = this.layout.index.get(column);
		if (index == null) {
			throw new IllegalArgumentException("No column '" + column + "' in row with columns " + this.layout.names());
		}
		return index;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof Row row)) {
			return false;
		}
		return Arrays.equals(this.layout.names, row.layout.names) && Arrays.deepEquals(this.values, row.values);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.layout.names) + Arrays.deepHashCode(this.values);
	}

	@Override
	public String toString() {
		StringBuilder builder = new StringBuilder("{");
		for (int i = 0; i < this.values.length; i++) {
			if (i > 0) {
				builder.append(", ");
			}
			Object value = this.values[i];
			builder.append(this.layout.names[i]).append('=');
			builder.append((value instanceof byte[] bytes) ? "<" + bytes.length + " bytes>" : value);
		}
		return builder.append('}').toString();
	}

	/**
	 * The ordered column names of a row, shared by every row of the same table layout and row image so that
	 * a row costs one array of values.
	 */
	public static final class Layout {

		private final String[] names;

		private final Map<String, Integer> index;

		private Layout(String[] names) {
			this.names = names;
			this.index = new HashMap<>(names.length * 2);
			for (int i = 0; i < names.length; i++) {
				this.index.put(names[i], i);
			}
		}

		/**
		 * Create a layout.
		 * @param names the column names in table order
		 * @return the layout
		 */
		public static Layout of(List<String> names) {
			return new Layout(names.toArray(String[]::new));
		}

		/**
		 * Return the column names.
		 * @return the column names, in order
		 */
		public List<String> names() {
			return List.of(this.names);
		}

	}

}
