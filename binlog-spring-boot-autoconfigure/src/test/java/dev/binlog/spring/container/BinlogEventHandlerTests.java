package dev.binlog.spring.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.FormatDescriptionEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.decoding.BinlogDecoder;
import dev.binlog.spring.decoding.DecodingOptions;
import dev.binlog.spring.dispatch.BinlogEventDispatcher;
import dev.binlog.spring.dispatch.BinlogListenerFactory;
import dev.binlog.spring.position.BinlogPositionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transaction boundaries as the event handler sees them, from events built in memory.
 */
class BinlogEventHandlerTests {

	private static final String FILE = "mysql-bin.000001";

	private final ContainerStatusHolder status = new ContainerStatusHolder();

	private final List<BinlogPosition> saved = new ArrayList<>();

	private final AtomicInteger streaming = new AtomicInteger();

	private BinlogEventHandler handler;

	@BeforeEach
	void handler() {
		this.status.track(new PositionTracker(new BinlogPosition(FILE, 100, "0-1-10"), true));
		BinlogPositionStore store = new BinlogPositionStore() {

			@Override
			public Optional<BinlogPosition> load(String name) {
				return Optional.empty();
			}

			@Override
			public void save(String name, BinlogPosition position, long serverId) {
				BinlogEventHandlerTests.this.saved.add(position);
			}

		};
		PositionSaver saver = new PositionSaver(store, "default", java.time.Duration.ZERO, this.status, (ex) -> {
			throw ex;
		});
		// layouts are never looked up here: no table is mapped and the DDL is on a table not captured (whose
		// schema-change event would read information_schema), so the template needs no DataSource
		BinlogDecoder decoder = new BinlogDecoder(new JdbcTemplate(), List.of(), List.of("shop\\..*"),
				DecodingOptions.DEFAULTS);
		ChangePublisher publisher = new ChangePublisher(this, new BinlogEventDispatcher((event) -> {
		}, new BinlogListenerFactory().getRegistry(), false), this.status);
		this.handler = new BinlogEventHandler(decoder, publisher, saver, this.status, this.streaming::incrementAndGet);
		this.handler.connectionOpened(false);
	}

	@Test
	void aStandaloneDdlStatementIsABoundary() {
		this.handler.handle(event(EventType.MARIADB_GTID, 150, gtid(11, true)));
		this.handler.handle(event(EventType.QUERY, 300, query("CREATE TABLE shop.t (id INT PRIMARY KEY)")));
		assertThat(this.status.committedPosition()).isEqualTo(new BinlogPosition(FILE, 300, "0-1-11"));
		assertThat(this.saved).containsExactly(new BinlogPosition(FILE, 300, "0-1-11"));
	}

	@Test
	void aTransactionIsABoundaryOnlyAtItsCommit() {
		this.handler.handle(event(EventType.MARIADB_GTID, 150, gtid(11, false)));
		this.handler.handle(event(EventType.QUERY, 200, query("BEGIN")));
		// a statement inside the transaction, as a DDL would look, is no boundary
		this.handler.handle(event(EventType.QUERY, 250, query("SAVEPOINT s1")));
		this.handler.handle(event(EventType.QUERY, 280, query("ANALYZE TABLE shop.t")));
		assertThat(this.status.committedPosition()).isEqualTo(new BinlogPosition(FILE, 100, "0-1-10"));
		assertThat(this.status.currentPosition().position()).isEqualTo(280);
		this.handler.handle(event(EventType.XID, 400, new XidEventData()));
		assertThat(this.status.committedPosition()).isEqualTo(new BinlogPosition(FILE, 400, "0-1-11"));
		assertThat(this.saved).hasSize(1);
	}

	@Test
	void theStreamStartsWithTheFormatDescriptionOrAfterAGtidConnectWithTheGtidList() {
		this.handler.handle(event(EventType.FORMAT_DESCRIPTION, 256, new FormatDescriptionEventData()));
		assertThat(this.streaming).hasValue(1);
		this.handler.connectionOpened(true);
		this.handler.handle(event(EventType.FORMAT_DESCRIPTION, 256, new FormatDescriptionEventData()));
		assertThat(this.streaming).hasValue(1);
		this.handler.handle(event(EventType.MARIADB_GTID_LIST, 300, null));
		assertThat(this.streaming).hasValue(2);
	}

	@Test
	void theLagComesFromChangesNotFromTheEventsThatOpenAConnectionAndIsZeroOnAHeartbeat() {
		long dayOld = System.currentTimeMillis() - java.time.Duration.ofDays(1).toMillis();
		// the format description carries the time the binlog file was opened
		this.handler.handle(event(EventType.FORMAT_DESCRIPTION, 256, new FormatDescriptionEventData(), dayOld));
		assertThat(this.status.lag()).isNull();
		this.handler.handle(event(EventType.MARIADB_GTID, 300, gtid(11, true),
				System.currentTimeMillis() - 2000));
		assertThat(this.status.lag()).isBetween(java.time.Duration.ofMillis(1500), java.time.Duration.ofMinutes(1));
		this.handler.handle(event(EventType.HEARTBEAT, 0, null, 0));
		assertThat(this.status.lag()).isZero();
	}

	private static Event event(EventType type, long nextPosition, EventData data) {
		return event(type, nextPosition, data, System.currentTimeMillis());
	}

	private static Event event(EventType type, long nextPosition, EventData data, long timestamp) {
		EventHeaderV4 header = new EventHeaderV4();
		header.setEventType(type);
		header.setNextPosition(nextPosition);
		header.setServerId(1);
		header.setTimestamp(timestamp);
		return new Event(header, data);
	}

	private static QueryEventData query(String sql) {
		QueryEventData query = new QueryEventData();
		query.setSql(sql);
		return query;
	}

	private static MariadbGtidEventData gtid(long sequence, boolean standalone) {
		MariadbGtidEventData gtid = new MariadbGtidEventData();
		gtid.setSequence(sequence);
		gtid.setDomainId(0);
		gtid.setFlags(standalone ? MariadbGtidEventData.FL_STANDALONE : 0);
		return gtid;
	}

}
