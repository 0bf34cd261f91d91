package dev.binlog.spring.decoding;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binlog column types named as {@code information_schema.COLUMNS.DATA_TYPE} names them, so that the layouts of a
 * schema-change event compare equal whichever of the two they came from.
 */
class ColumnTypeNamesTests {

	@Test
	void textAndBinaryColumnsAreToldApartByTheirCharacterSet() {
		assertThat(name(ColumnType.VARCHAR, 40, true)).isEqualTo("varchar");
		assertThat(name(ColumnType.VARCHAR, 40, false)).isEqualTo("varbinary");
		assertThat(name(ColumnType.STRING, 10, true)).isEqualTo("char");
		assertThat(name(ColumnType.STRING, 10, false)).isEqualTo("binary");
	}

	@Test
	void blobsAreNamedByTheBytesOfTheirLength() {
		assertThat(name(ColumnType.BLOB, 1, true)).isEqualTo("tinytext");
		assertThat(name(ColumnType.BLOB, 2, true)).isEqualTo("text");
		assertThat(name(ColumnType.BLOB, 3, false)).isEqualTo("mediumblob");
		// MariaDB's JSON is a LONGTEXT alias, as information_schema says too
		assertThat(name(ColumnType.BLOB, 4, true)).isEqualTo("longtext");
	}

	@Test
	void integersAndTemporalTypesUseTheSqlNames() {
		assertThat(name(ColumnType.LONG, 0, false)).isEqualTo("int");
		assertThat(name(ColumnType.INT24, 0, false)).isEqualTo("mediumint");
		assertThat(name(ColumnType.NEWDECIMAL, 0, false)).isEqualTo("decimal");
		assertThat(name(ColumnType.DATETIME_V2, 0, false)).isEqualTo("datetime");
		assertThat(name(ColumnType.TIMESTAMP_V2, 0, false)).isEqualTo("timestamp");
	}

	@Test
	void theInformationSchemaTypeOfAMariadbBinaryTypeWins() {
		ColumnMetadata uuid = new ColumnMetadata("id", ColumnType.STRING, 16, false, null, List.of()).withDataType("UUID");
		assertThat(ColumnTypeNames.of(uuid)).isEqualTo("uuid");
	}

	private static String name(ColumnType type, int meta, boolean text) {
		return ColumnTypeNames.of(new ColumnMetadata("c", type, meta, false, text ? StandardCharsets.UTF_8 : null,
				List.of()));
	}

}
