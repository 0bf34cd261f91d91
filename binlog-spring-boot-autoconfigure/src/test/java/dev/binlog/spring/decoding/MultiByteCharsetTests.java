package dev.binlog.spring.decoding;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Decoding through a {@link MultiByteCharset}'s tables: the lead byte decides a code's length, as on the server, and
 * bytes that are no character of the set are refused rather than guessed.
 */
class MultiByteCharsetTests {

	// ASCII, a two-byte code 0xA4A2 (あ), one the server shows as '?' (0xA4FF), a three-byte code 0x8FB0A1 (丂)
	private final MultiByteCharset charset = eucLike();

	@Test
	void decodeReadsOneTwoAndThreeByteCodesByTheirLeadByte() {
		assertThat(this.charset.decode(bytes(0x41, 0xA4, 0xA2, 0x8F, 0xB0, 0xA1, 0x42))).isEqualTo("Aあ丂B");
	}

	@Test
	void decodeKeepsTheServersQuestionMarkForACodeWithoutMapping() {
		assertThat(this.charset.decode(bytes(0xA4, 0xFF))).isEqualTo("?");
	}

	@Test
	void decodeRefusesALeadByteWithoutItsTrailNamingTheBytes() {
		assertThatIllegalStateException().isThrownBy(() -> this.charset.decode(bytes(0x41, 0xA4)))
			.withMessageContaining("0xA4 at offset 1")
			.withMessageContaining("utf8mb4");
	}

	@Test
	void decodeRefusesAThreeByteCodeTheTablesDoNotHave() {
		assertThatIllegalStateException().isThrownBy(() -> this.charset.decode(bytes(0x8F, 0xA4, 0xA2)))
			.withMessageContaining("0x8FA4A2");
	}

	@Test
	void newStringDecodesLabelsThroughTheSameTables() {
		assertThat(new String(bytes(0xA4, 0xA2, 0x8F, 0xB0, 0xA1), this.charset)).isEqualTo("あ丂");
	}

	private static MultiByteCharset eucLike() {
		int[] single = new int[256];
		Arrays.fill(single, MultiByteCharset.NONE);
		for (int i = 0; i < 0x80; i++) {
			single[i] = i;
		}
		int[] two = new int[65536];
		Arrays.fill(two, MultiByteCharset.NONE);
		two[0xA4A2] = "あ".codePointAt(0);
		two[0xA4FF] = '?';
		int[] three = new int[65536];
		Arrays.fill(three, MultiByteCharset.NONE);
		three[0xB0A1] = "丂".codePointAt(0);
		return new MultiByteCharset("ujis", single, two, three);
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

}
