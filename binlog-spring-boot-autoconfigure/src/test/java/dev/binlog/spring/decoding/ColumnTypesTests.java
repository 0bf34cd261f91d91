package dev.binlog.spring.decoding;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnTypesTests {

	@Test
	void parsesEnumAndSetLabelsWithQuotesAndCommas() {
		assertThat(ColumnTypes.labels("enum('new','paid','shipped')")).containsExactly("new", "paid", "shipped");
		assertThat(ColumnTypes.labels("set('a,b','it''s','')")).containsExactly("a,b", "it's", "");
	}

	@Test
	void parsesTheEscapesInformationSchemaWritesForBackslashesAndControlCharacters() {
		assertThat(ColumnTypes.labels("enum('c\\\\d','e\\nf','g\\rh','i\\Zj','k\\0l','\"q\"')"))
			.containsExactly("c\\d", "e\nf", "g\rh", "i\u001Aj", "k\0l", "\"q\"");
	}

	@Test
	void aQuestionMarkInAUtf8mb4LabelMayHideACharacterButNotInACharsetWithinTheBasicPlane() {
		assertThat(ColumnTypes.mayHideCharacters("utf8mb4", List.of("a", "?"))).isTrue();
		assertThat(ColumnTypes.mayHideCharacters("utf8mb4", List.of("a", "b"))).isFalse();
		assertThat(ColumnTypes.mayHideCharacters("latin1", List.of("?"))).isFalse();
		assertThat(ColumnTypes.mayHideCharacters("utf8mb3", List.of("?"))).isFalse();
	}

}
