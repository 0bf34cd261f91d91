package dev.binlog.spring.decoding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/**
 * Deserializes QUERY events with the default database and the statement decoded as UTF-8. The connector's
 * deserializer decodes both with the JVM's default charset, which is US-ASCII under a POSIX locale
 * ({@code LC_ALL=C}): a DDL statement on a schema named {@code ünï} would then name a schema that does not exist,
 * and the layout bookkeeping ({@link DdlStatement}, {@link TableLayoutHistory}, {@link SchemaChangeLog}) would keep
 * the table's old layout, silently.
 * <p>
 * The database name is an identifier, which the server writes in UTF-8 (its {@code character_set_system}). The
 * statement is written as the session sent it, in that session's {@code character_set_client}, which the event's
 * status variables name; it is decoded as UTF-8 (utf8mb4) nevertheless: that is the client character set of every
 * current driver, and it is right for the identifiers in the statement, the only part the starter reads. A statement
 * from a session with another client character set (say {@code latin1}, rare today) may show its non-ASCII string
 * literals garbled; its ASCII identifiers are still read right.
 */
final class QueryDeserializer implements EventDataDeserializer<QueryEventData> {

	// thread id (4), execution time (4), database name length (1), error code (2), status variables length (2)
	private static final int FIXED_PART = 13;

	@Override
	public QueryEventData deserialize(ByteArrayInputStream in) throws IOException {
		byte[] body = in.read(in.available());
		if (body.length < FIXED_PART) {
			throw new IOException("QUERY event of " + body.length + " bytes ends early");
		}
		QueryEventData data = new QueryEventData();
		data.setThreadId(unsigned(body, 0, 4));
		data.setExecutionTime(unsigned(body, 4, 4));
		int databaseLength = body[8] & 0xFF;
		data.setErrorCode((int) unsigned(body, 9, 2));
		int database = FIXED_PART + (int) unsigned(body, 11, 2);
		// the name is followed by a terminating zero, then the statement
		if (database + databaseLength + 1 > body.length) {
			throw new IOException("QUERY event of " + body.length + " bytes ends early");
		}
		data.setDatabase(new String(body, database, databaseLength, StandardCharsets.UTF_8));
		int statement = database + databaseLength + 1;
		data.setSql(new String(Arrays.copyOfRange(body, statement, body.length), StandardCharsets.UTF_8));
		return data;
	}

	private static long unsigned(byte[] bytes, int offset, int length) {
		long value = 0;
		for (int i = length - 1; i >= 0; i--) {
			value = (value << 8) | (bytes[offset + i] & 0xFF);
		}
		return value;
	}

}
