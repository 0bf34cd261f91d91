package dev.binlog.spring.container;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

import com.github.shyiko.mysql.binlog.event.EventType;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.Row;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TransactionCommitEvent;
import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.GtidSets;
import dev.binlog.spring.decoding.TableLayoutMismatchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binary logs written by real MySQL servers (5.5 to 9.6), read through the container's decoding path. The
 * expected values are those the fixture README marks as asserted by the files' origin projects, or the SQL it
 * documents.
 */
class MysqlBinlogFileTests {

	@ParameterizedTest
	@ValueSource(strings = { "rust_mysql_common/binlog_transaction_with_GTID_TAG.000001",
			"rust_mysql_common/binlog_transaction_previous_GTID_no_tag.000001", "rust_mysql_common/json-opaque.binlog",
			"rust_mysql_common/vector.binlog", "rust_mysql_common/transaction_compression.000001",
			"rust_mysql_common/binlog-invisible-columns.000001", "rust_mysql_common/mysql-enum-string-set.000001",
			"rust_mysql_common/mysql_type_bit.000001", "rust_mysql_common/minimal_row_metadata.000001",
			"rust_mysql_common/time_issue.000001", "apecloud-mysql-binlog-connector-rust/mysql-bin.000057",
			"mysql-cdc-rs/02_query/binlog.000001", "mysql-cdc-rs/02_query_bigger/binlog.000733",
			"mysql-cdc-rs/19_30_Table_map_event_Write_rows_log_event/binlog.000018",
			"mysql-cdc-rs/31_update_rows_v2/binlog.000001", "mysql-cdc-rs/32_delete_rows_v2/binlog.000001" })
	void everyMysql8FileIsReadToTheEndWithEveryTransactionCommitted(String file) throws Exception {
		// tables left out: without a server the layouts of MINIMAL-metadata tables cannot be known
		BinlogFileReplay replay = BinlogFileReplay.of(file).exclude(".*").run();
		assertThat(replay.stop()).isNull();
		assertThat(replay.saved()).extracting(BinlogPosition::position).isSorted();
		assertThat(replay.changes()).isEmpty();
	}

	@Test
	void the55To57FilesAreReadToTheEndWithTheEventCountsTheirOriginAsserts() throws Exception {
		assertThat(BinlogFileReplay.of("debezium-mysql-binlog-connector-java/mysql-bin.checksum-crc32").exclude(".*")
			.run()).satisfies((replay) -> {
				assertThat(replay.stop()).isNull();
				assertThat(replay.eventTypes()).hasSize(303);
				assertThat(replay.commits()).isEmpty();
			});
		assertThat(BinlogFileReplay.of("debezium-mysql-binlog-connector-java/mysql-bin.checksum-none").exclude(".*")
			.run()).satisfies((replay) -> {
				assertThat(replay.stop()).isNull();
				assertThat(replay.eventTypes()).hasSize(191);
			});
		BinlogFileReplay sakila = BinlogFileReplay.of("debezium-mysql-binlog-connector-java/mysql-bin.sakila.gz")
			.exclude(".*")
			.run();
		assertThat(sakila.stop()).isNull();
		assertThat(sakila.eventTypes()).hasSize(1462);
		assertThat(sakila.eventTypes().stream().filter((type) -> type == EventType.WRITE_ROWS)).hasSize(1374);
	}

	@Test
	void anAuroraPaddingEventStopsTheStreamClearlyInsteadOfBeingSkipped() throws Exception {
		BinlogFileReplay replay = BinlogFileReplay.of("debezium-mysql-binlog-connector-java/mysql-bin.aurora-padding")
			.run();
		assertThat(replay.stop()).isInstanceOf(BinlogStreamException.class)
			.hasMessageContaining("event of a type this starter does not know");
		assertThat(replay.eventTypes()).endsWith(EventType.UNKNOWN);
	}

	@Test
	void aTableWithoutFullMetadataStopsTheStreamNamingTheTableAndTheServerSetting() throws Exception {
		BinlogFileReplay replay = BinlogFileReplay.of("mysql-cdc-rs/31_update_rows_v2/binlog.000001").run();
		assertThat(replay.stop()).isInstanceOf(TableLayoutMismatchException.class)
			.hasMessageContaining("test.int_table")
			.hasMessageContaining("binlog_row_metadata=FULL");
	}

	@Test
	void compressedTransactionsDeliverTheirRowsAndCommitAtTheEndOfThePayload() throws Exception {
		// GTID mode, 8.0.31: a DDL, then two compressed transactions; only a.b's layout is known (CREATE TABLE b(id int))
		BinlogFileReplay replay = BinlogFileReplay.of("apecloud-mysql-binlog-connector-rust/mysql-bin.000057")
			.table("a", "b", new String[] { "id", "int", "int", null })
			.exclude("a\\.test_table_3")
			.startGtidSet("76f3e7be-6720-11ed-9cad-0242ac110002:1-10")
			.run();
		assertThat(replay.stop()).isNull();
		assertThat(replay.eventTypes()).hasSize(8)
			.filteredOn((type) -> type == EventType.TRANSACTION_PAYLOAD)
			.hasSize(2);
		assertThat(replay.changes()).singleElement().satisfies((change) -> {
			assertThat(change.getSchema() + "." + change.getTable()).isEqualTo("a.b");
			assertThat(change.getChanges()).singleElement()
				.satisfies((row) -> assertThat(row.after().get("id")).isEqualTo(1));
		});
		List<TransactionCommitEvent> commits = replay.commits();
		// the second transaction's table is left out: its boundary is saved, but no commit event is published
		assertThat(commits).extracting(TransactionCommitEvent::getGtid)
			.containsExactly("76f3e7be-6720-11ed-9cad-0242ac110002:12");
		// the rows and the commit of a payload are at the position after the payload: its events have none
		TableChangeEvent insert = replay.changes().get(0);
		assertThat(insert.getPosition().position()).isEqualTo(commits.get(0).getPosition().position()).isEqualTo(651);
		assertThat(replay.committed().gtidSet()).isEqualTo("76f3e7be-6720-11ed-9cad-0242ac110002:1-13");
		assertThat(replay.committed().position()).isEqualTo(1283);
	}

	@Test
	void aCompressedUpdateIsDeliveredAsTheFourEventsOfItsPayload() throws Exception {
		BinlogFileReplay replay = BinlogFileReplay.of("debezium-mysql-binlog-connector-java/mysql-bin.compressed")
			.exclude(".*")
			.run();
		assertThat(replay.stop()).isNull();
		assertThat(replay.eventTypes()).containsExactly(EventType.FORMAT_DESCRIPTION, EventType.PREVIOUS_GTIDS,
				EventType.ANONYMOUS_GTID, EventType.TRANSACTION_PAYLOAD, EventType.ROTATE);
		assertThat(replay.saved()).first().extracting(BinlogPosition::position).isEqualTo(724L);
	}

	@Test
	void aTaggedGtidIsKeptInTheSavedPosition() throws Exception {
		String uuid = "55778904-0299-11f1-b1b8-4ef0c4956feb";
		BinlogFileReplay replay = BinlogFileReplay.of("rust_mysql_common/binlog_transaction_with_GTID_TAG.000001")
			.exclude(".*")
			.startGtidSet(uuid + ":1-13:mytag:1-2")
			.run();
		assertThat(replay.stop()).isNull();
		assertThat(replay.saved()).hasSize(1);
		String saved = replay.saved().get(0).gtidSet();
		assertThat(saved).isEqualTo(uuid + ":1-13:mytag:1-3");
		assertThat(GtidSets.isValid(saved)).isTrue();
	}

	@Test
	void vectorsAreFloatArrays() throws Exception {
		BinlogFileReplay replay = BinlogFileReplay.of("rust_mysql_common/vector.binlog").run();
		assertThat(replay.stop()).isNull();
		List<Row> foo = replay.changes().get(0).getChanges().stream().map((change) -> change.after()).toList();
		assertThat(foo.get(0).get("id")).isEqualTo(BigInteger.ONE);
		assertThat((float[]) foo.get(0).get("vector_column")).containsExactly(1.1f, 2.2f, 3.3f);
		assertThat((float[]) foo.get(1).get("vector_column")).containsExactly(1f, -1f, 0f);
		List<Row> bar = replay.changes().get(1).getChanges().stream().map((change) -> change.after()).toList();
		assertThat((float[]) bar.get(0).get("vector_column")).containsExactly(1.1f, 2.2f);
		assertThat(bar.get(0).get("foo")).isNull();
		assertThat((float[]) bar.get(0).get("vector_column2")).containsExactly(1.1f, 2.2f, 3.3f, 4.4f);
		// the text column after a VECTOR has its own charset, not the VECTOR's binary one
		assertThat(bar.get(1).get("foo")).isEqualTo("bar");
		assertThat((float[]) bar.get(1).get("vector_column2")).containsExactly(42f, 43f, 44f, 45f);
	}

	@Test
	void binaryJsonWithOpaqueValuesReadsAsMysqlPrintsIt() throws Exception {
		BinlogFileReplay replay = BinlogFileReplay.of("rust_mysql_common/json-opaque.binlog").run();
		assertThat(replay.stop()).isNull();
		assertThat(replay.changes()).extracting((change) -> change.getChanges().get(0).after().get("a"))
			.containsExactly("{\"a\": \"base64:type15:VQ==\"}", "{\"b\": \"2012-03-18\"}",
					"{\"c\": \"2012-03-18 11:30:45.000000\"}", "{\"c\": \"87:31:46.654321\"}", "{\"d\": 123.456}",
					"{\"e\": 9.00}", "{\"e\": [0, 1, true, false]}", "{\"e\": null}");
	}

	@Test
	void fullMetadataGivesNamesSignednessAndInvisibleColumns() throws Exception {
		BinlogFileReplay replay = BinlogFileReplay.of("rust_mysql_common/binlog-invisible-columns.000001").run();
		assertThat(replay.stop()).isNull();
		Row first = replay.changes().get(0).getChanges().get(0).after();
		assertThat(first.columnNames()).containsExactly("f1", "f2", "f3", "f4", "f5", "f6");
		assertThat(first.get("f1")).isEqualTo(1L);
		assertThat(first.get("f3")).isEqualTo(-3);
		assertThat(first.get("f4")).isEqualTo("4");
		assertThat(first.getBytes("f5")).containsExactly(5);
		assertThat(first.get("f6")).isEqualTo(BigInteger.valueOf(6000000000L));
		Row updated = replay.changes().get(2).getChanges().get(0).after();
		assertThat(updated.toMap()).containsEntry("f1", 111L).containsEntry("f2", 222L).containsEntry("f3", -333)
			.containsEntry("f4", "444").containsEntry("f6", null);
	}

	@Test
	void enumAndSetLabelsComeFromFullMetadata() throws Exception {
		String l = "0123456789".repeat(30);
		l = l.substring(0, 129) + l.substring(130, 259) + l.substring(260);
		BinlogFileReplay replay = BinlogFileReplay.of("rust_mysql_common/mysql-enum-string-set.000001").run();
		assertThat(replay.stop()).isNull();
		Row written = replay.changes().get(0).getChanges().get(0).after();
		assertThat(written.get("f1")).isEqualTo("0123456789".repeat(10));
		assertThat(written.get("f2")).isEqualTo(l);
		assertThat(written.get("f3")).isEqualTo("var1");
		assertThat(written.get("f4")).isEqualTo("one,three");
		assertThat(written.get("f5")).isEqualTo("0123456789");
		Row after = replay.changes().get(1).getChanges().get(0).after();
		assertThat(after.toMap()).containsEntry("f1", "field1").containsEntry("f2", "field_2")
			.containsEntry("f3", "variant2").containsEntry("f4", "two,four").containsEntry("f5", l);
		assertThat(replay.changes().get(2).getChanges().get(0).before()).isEqualTo(after);
	}

	@Test
	void bitColumnsAreNumbers() throws Exception {
		Row row = BinlogFileReplay.of("rust_mysql_common/mysql_type_bit.000001").run().changes().get(0).getChanges()
			.get(0).after();
		assertThat(row.toMap()).containsEntry("a", 0b100L).containsEntry("b", "foo").containsEntry("c", 0b100000L);
	}

	@Test
	void aMinimalRowImageHoldsOnlyTheLoggedColumnsAndUnsignedValues() throws Exception {
		BinlogFileReplay replay = BinlogFileReplay.of("rust_mysql_common/minimal_row_metadata.000001")
			.table("noria", "t1", new String[] { "col_1", "int", "int", null },
					new String[] { "col_2", "blob", "blob", null },
					new String[] { "col_3", "char", "char(2)", "utf8mb4" },
					new String[] { "col_4", "int", "int", null },
					new String[] { "col_5", "int", "int unsigned", null })
			.run();
		assertThat(replay.stop()).isNull();
		Row row = replay.changes().get(0).getChanges().get(0).after();
		assertThat(row.columnNames()).containsExactly("col_1", "col_3", "col_5");
		assertThat(row.toMap()).containsEntry("col_1", 1).containsEntry("col_3", "a").containsEntry("col_5", 3230202323L);
	}

	@Test
	void aNegativeTimeBeyondOneDayKeepsItsSign() throws Exception {
		Row row = BinlogFileReplay.of("rust_mysql_common/time_issue.000001")
			.table("noria", "t", new String[] { "c", "time", "time", null })
			.run()
			.changes()
			.get(0)
			.getChanges()
			.get(0)
			.after();
		assertThat(row.get("c")).isEqualTo(Duration.ofHours(507).plusMinutes(48).plusSeconds(27).negated());
	}

	@Test
	void partialJsonUpdatesStopTheStreamNamingTheServerSettingAfterTheFullUpdatesWereDelivered() throws Exception {
		BinlogFileReplay replay = BinlogFileReplay.of("rust_mysql_common/json.binlog.000001")
			.table("mysql", "t", new String[] { "id", "int", "int", null },
					new String[] { "json_col", "json", "json", null },
					new String[] { "name", "varchar", "varchar(100)", "utf8mb4" },
					new String[] { "age", "int", "int", null })
			.run();
		assertThat(replay.stop()).isInstanceOf(BinlogStreamException.class)
			.hasMessageContaining("binlog_row_value_options");
		assertThat(replay.eventTypes()).last().isEqualTo(EventType.PARTIAL_UPDATE_ROWS_EVENT);
		TableChangeEvent update = replay.changes().get(replay.changes().size() - 1);
		assertThat(update.getChanges()).hasSize(6);
		assertThat(update.getChanges().get(0).after().toMap()).containsEntry("id", 1)
			.containsEntry("json_col", "{\"age\": 25, \"data\": \"xxxxxxxxxx\", \"name\": \"Joe\"}")
			.containsEntry("name", "Joe")
			.containsEntry("age", 25);
		// nothing of the partial update is committed
		assertThat(replay.committed()).isEqualTo(replay.saved().get(replay.saved().size() - 1));
	}

}
