package dev.binlog.spring.decoding;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TableFilterTests {

	@Test
	void noIncludesCapturesEverythingNotExcluded() {
		TableFilter filter = new TableFilter(List.of(), List.of("mysql\\..*"));
		assertThat(filter.accepts("shop", "orders")).isTrue();
		assertThat(filter.accepts("mysql", "user")).isFalse();
	}

	@Test
	void includesMatchTheWholeQualifiedName() {
		TableFilter filter = new TableFilter(List.of("shop\\.orders", "audit\\..*"), List.of());
		assertThat(filter.accepts("shop", "orders")).isTrue();
		assertThat(filter.accepts("shop", "orders_archive")).isFalse();
		assertThat(filter.accepts("audit", "log")).isTrue();
		assertThat(filter.accepts("shop", "customers")).isFalse();
	}

	@Test
	void excludesWinOverIncludes() {
		TableFilter filter = new TableFilter(List.of("shop\\..*"), List.of(".*\\.tmp_.*"));
		assertThat(filter.accepts("shop", "orders")).isTrue();
		assertThat(filter.accepts("shop", "tmp_orders")).isFalse();
	}

	@Test
	void invalidPatternNamesTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TableFilter(List.of("shop.(orders"), List.of()))
			.withMessageContaining("binlog.include")
			.withMessageContaining("shop.(orders");
	}

}
