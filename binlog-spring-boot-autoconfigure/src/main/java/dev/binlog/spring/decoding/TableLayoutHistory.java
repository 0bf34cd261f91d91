package dev.binlog.spring.decoding;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import dev.binlog.spring.BinlogPosition;
import org.jspecify.annotations.Nullable;

/**
 * The layouts tables had, each with the stretch of the binary log it is known to be right for: from the event at
 * which it was read and checked, up to the first statement the stream read that may have changed the table (open
 * while there is none). A stream that goes back (a reconnect from the committed position) finds the layout each
 * event was written with, and a statement that changed one table leaves the others' layouts alone. Not thread-safe:
 * used by the binlog thread.
 */
final class TableLayoutHistory {

	// older layouts only serve a stream that goes back that far; without them it checks again
	private static final int LAYOUTS_PER_TABLE = 8;

	private final Map<String, Deque<Layout>> layouts = new HashMap<>();

	/**
	 * Return the layout known to be right at a TABLE_MAP event, if the event's column types are the layout's.
	 * @param tableMap the event
	 * @param at the position just after the event
	 * @return the layout, or {@code null} when none is known for that position
	 */
	@Nullable TableMetadata find(TableMapEventData tableMap, BinlogPosition at) {
		Deque<Layout> known = this.layouts.get(DdlStatement.key(tableMap.getDatabase(), tableMap.getTable()));
		if (known != null) {
			for (Layout layout : known) {
				if (layout.covers(at) && layout.fits(tableMap)) {
					return layout.metadata;
				}
			}
		}
		return null;
	}

	/**
	 * Record a layout checked to be right at a TABLE_MAP event; it stays right until a statement changes the table.
	 * @param tableMap the event
	 * @param at the position just after the event
	 * @param metadata the layout
	 */
	void add(TableMapEventData tableMap, BinlogPosition at, TableMetadata metadata) {
		Deque<Layout> known = this.layouts.computeIfAbsent(DdlStatement.key(tableMap.getDatabase(), tableMap.getTable()),
				(key) -> new ArrayDeque<>());
		known.addFirst(new Layout(at, tableMap, metadata));
		if (known.size() > LAYOUTS_PER_TABLE) {
			known.removeLast();
		}
	}

	/**
	 * A statement the stream read may have changed tables: their open layouts end there.
	 * @param statement the statement
	 * @param at the position just after it
	 */
	void changed(DdlStatement statement, BinlogPosition at) {
		for (Map.Entry<String, Deque<Layout>> entry : this.layouts.entrySet()) {
			if (changes(statement, entry.getKey())) {
				for (Layout layout : entry.getValue()) {
					if (layout.until == null && compare(layout.from, at) < 0) {
						layout.until = at;
					}
				}
			}
		}
	}

	private static boolean changes(DdlStatement statement, String key) {
		int dot = key.indexOf('.');
		// keys are schema.table in lower case; a dot in a schema name only makes the match wider
		return statement.everyTable() || statement.tables().contains(key)
				|| statement.schemas().contains(key.substring(0, dot));
	}

	/**
	 * Compare two positions of the same server's binary log by file sequence number and offset.
	 * @param a a position
	 * @param b another position
	 * @return negative, zero or positive as {@code a} is before, at or after {@code b}
	 */
	static int compare(BinlogPosition a, BinlogPosition b) {
		int files = compareFiles(a.file(), b.file());
		return (files != 0) ? files : Long.compare(a.position(), b.position());
	}

	static int compareFiles(String a, String b) {
		int dotA = a.lastIndexOf('.');
		int dotB = b.lastIndexOf('.');
		if (dotA > 0 && dotB > 0 && a.substring(0, dotA).equals(b.substring(0, dotB))) {
			try {
				return Long.compare(Long.parseLong(a.substring(dotA + 1)), Long.parseLong(b.substring(dotB + 1)));
			}
			catch (NumberFormatException ex) {
				// not a numbered binlog file name: fall back to the names
			}
		}
		return a.compareTo(b);
	}

	private static final class Layout {

		private final BinlogPosition from;

		private @Nullable BinlogPosition until;

		private final byte[] types;

		private final int[] metas;

		private final TableMetadata metadata;

		Layout(BinlogPosition from, TableMapEventData tableMap, TableMetadata metadata) {
			this.from = from;
			this.types = tableMap.getColumnTypes();
			this.metas = tableMap.getColumnMetadata();
			this.metadata = metadata;
		}

		boolean covers(BinlogPosition at) {
			return compare(this.from, at) <= 0 && (this.until == null || compare(at, this.until) < 0);
		}

		boolean fits(TableMapEventData tableMap) {
			return Arrays.equals(this.types, tableMap.getColumnTypes())
					&& Arrays.equals(this.metas, tableMap.getColumnMetadata());
		}

	}

}
