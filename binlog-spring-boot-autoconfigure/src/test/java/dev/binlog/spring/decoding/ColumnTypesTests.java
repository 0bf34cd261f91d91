package dev.binlog.spring.decoding;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnTypesTests {

	@Test
	void parsesEnumAndSetLabelsWithQuotesAndCommas() {
		assertThat(ColumnTypes.labels("enum('new','paid','shipped')")).containsExactly("new", "paid", "shipped");
		assertThat(ColumnTypes.labels("set('a,b','it''s','')")).containsExactly("a,b", "it's", "");
	}

}
