package dev.binlog.spring.snapshot;

import java.util.Locale;

import dev.binlog.spring.connection.BinlogStreamException;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What is checked before a snapshot is taken on, so that a request that cannot give every key's current state is
 * refused at once, naming what to change, instead of failing the stream later or delivering incomplete rows.
 */
public final class SnapshotChecks {

	private SnapshotChecks() {
	}

	/**
	 * Check that a table can be read in chunks: it exists and has a primary key or a unique key of {@code NOT NULL}
	 * columns.
	 * @param jdbc a connection to the server
	 * @param schema the schema
	 * @param table the table
	 * @throws BinlogStreamException naming the table and what it lacks
	 */
	public static void checkTable(JdbcTemplate jdbc, String schema, String table) {
		SnapshotTable.read(jdbc, schema, table);
	}

	/**
	 * Check that the server writes full row images. The stream's newer version of a row wins over the chunk's, so
	 * it must hold every column: with {@code MINIMAL} or {@code NOBLOB} an update carries only some, and the row's
	 * current state would never be delivered. The server's global setting is checked; a session that sets another
	 * one for itself is not seen.
	 * @param jdbc a connection to the server
	 * @throws BinlogStreamException naming {@code binlog_row_image} if it is not {@code FULL}
	 */
	public static void checkRowImage(JdbcTemplate jdbc) {
		String image = jdbc.queryForObject("SELECT @@GLOBAL.binlog_row_image", String.class);
		if (image != null && !"FULL".equals(image.toUpperCase(Locale.ROOT))) {
			throw new BinlogStreamException("A snapshot needs binlog_row_image=FULL, and the server writes "
					+ image.toUpperCase(Locale.ROOT) + " row images: an update the stream delivers in place of a "
					+ "chunk's row would lack the columns it did not change, so that row's current state would "
					+ "never be delivered.", "Set binlog_row_image=FULL on the server (SET GLOBAL and in its "
							+ "configuration), or do without snapshots (binlog.snapshot.mode=never).");
		}
	}

}
