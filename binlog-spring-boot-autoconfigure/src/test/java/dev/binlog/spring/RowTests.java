package dev.binlog.spring;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RowTests {

	private final Row.Layout layout = Row.Layout.of(List.of("id", "name", "big", "flag", "note"));

	private final Row row = Row.of(this.layout,
			new Object[] { 7, "Ada", new BigInteger("18446744073709551615"), Boolean.TRUE, null });

	@Test
	void keepsColumnOrderAndValues() {
		assertThat(this.row.columnNames()).containsExactly("id", "name", "big", "flag", "note");
		assertThat(this.row.toMap()).containsExactly(entry("id", 7), entry("name", "Ada"),
				entry("big", new BigInteger("18446744073709551615")), entry("flag", true), entry("note", null));
		assertThat(this.row.get(1)).isEqualTo("Ada");
	}

	@Test
	void typedGettersConvertExactlyOrFail() {
		assertThat(this.row.getLong("id")).isEqualTo(7L);
		assertThat(this.row.getInteger("id")).isEqualTo(7);
		assertThat(this.row.getString("name")).isEqualTo("Ada");
		assertThat(this.row.getBigInteger("big")).isEqualTo(new BigInteger("18446744073709551615"));
		assertThat(this.row.getBoolean("flag")).isTrue();
		assertThat(this.row.getString("note")).isNull();
		assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> this.row.getLong("big"));
		assertThatExceptionOfType(ClassCastException.class).isThrownBy(() -> this.row.getLocalDate("name"))
			.withMessageContaining("name");
	}

	@Test
	void absentColumnIsNotNull() {
		assertThat(this.row.contains("note")).isTrue();
		assertThat(this.row.contains("email")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> this.row.get("email")).withMessageContaining("email");
	}

	@Test
	void equalRowsAreEqual() {
		Row same = Row.of(Row.Layout.of(List.of("id", "name", "big", "flag", "note")),
				new Object[] { 7, "Ada", new BigInteger("18446744073709551615"), Boolean.TRUE, null });
		assertThat(same).isEqualTo(this.row).hasSameHashCodeAs(this.row);
	}

	private static java.util.Map.Entry<String, Object> entry(String key, Object value) {
		return new java.util.AbstractMap.SimpleEntry<>(key, value);
	}

}
