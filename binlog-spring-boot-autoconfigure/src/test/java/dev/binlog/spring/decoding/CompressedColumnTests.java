package dev.binlog.spring.decoding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Cells of MariaDB {@code COMPRESSED} columns, with bytes as MariaDB 11.4 writes them to the binlog.
 */
class CompressedColumnTests {

	@Test
	void zeroHeaderMeansTheValueIsStoredAsItIs() throws IOException {
		assertThat(CompressedColumn.inflate(HexFormat.of().parseHex("0073686f7274")))
			.isEqualTo("short".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void compressedValueInflatesToTheLengthInItsHeader() throws IOException {
		// header 0x8a: compressed, raw deflate, 2 bytes of original length (600)
		assertThat(CompressedColumn.inflate(HexFormat.of().parseHex("8a02584b4c4a4e1c45a388da0800")))
			.isEqualTo("abc".repeat(200).getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void unknownAlgorithmIsRefused() {
		assertThatIOException().isThrownBy(() -> CompressedColumn.inflate(HexFormat.of().parseHex("9a02584b4c")))
			.withMessageContaining("unknown column compression header 0x9a");
	}

	@Test
	void wrongLengthIsRefused() {
		assertThatIOException()
			.isThrownBy(() -> CompressedColumn.inflate(HexFormat.of().parseHex("8a02594b4c4a4e1c45a388da0800")))
			.withMessageContaining("inflates to 600 bytes instead of 601");
	}

}
