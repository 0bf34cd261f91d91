package dev.binlog.spring.decoding;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CharsetRegistry}: a character set without a decoder is refused with the table, the column and
 * the character set named, never decoded with a guess.
 */
class CharsetRegistryTests {

	// a character set without a decoder needs no look-up on the server
	private final CharsetRegistry registry = new CharsetRegistry(new JdbcTemplate());

	@Test
	void characterSetWithoutDecoderStopsNamingTableColumnAndCharacterSet() {
		assertThatExceptionOfType(UndecodableCharsetException.class)
			.isThrownBy(() -> this.registry.forCharsetName("utf7imap", "shop.orders", "note"))
			.withMessageContaining("Cannot decode column 'note' of shop.orders")
			.withMessageContaining("its character set utf7imap has no decoder")
			.withMessageContaining("CHARACTER SET utf8mb4")
			.withMessageContaining("binlog.exclude");
	}

}
