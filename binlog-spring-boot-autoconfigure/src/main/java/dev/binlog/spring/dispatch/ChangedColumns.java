package dev.binlog.spring.dispatch;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.binlog.spring.Action;
import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.RowChangeEvent;
import dev.binlog.spring.TableUpdateEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * The rule of {@link dev.binlog.spring.BinlogListener#changed()}: an update reaches the listener only for the rows
 * in which one of the named columns changed. A column changed when the after image carries it and the before image
 * either does not (a {@code binlog_row_image=MINIMAL} before image holds the key only, so a column the statement set
 * may have changed: it counts) or holds another value. A column the after image lacks was not set by the statement
 * ({@code MINIMAL}, or an unchanged blob with {@code NOBLOB}). Inserts and deletes are left alone.
 */
final class ChangedColumns {

	private ChangedColumns() {
	}

	/**
	 * Return the event to hand to a listener that wants changes of some columns.
	 * @param event the event
	 * @param columns the columns, matched exactly
	 * @return the event itself, a table update event with only the rows in which a column changed, or {@code null}
	 * when no row did
	 */
	static @Nullable ApplicationEvent select(ApplicationEvent event, Set<String> columns) {
		if (event instanceof TableUpdateEvent update) {
			List<RowChange> changed = update.getRows().stream().filter((row) -> changed(row, columns)).toList();
			if (changed.isEmpty()) {
				return null;
			}
			return (changed.size() == update.getRows().size()) ? update : new TableUpdateEvent(update.getSource(),
					update.getPosition(), update.getEventTime(), update.getSchema(), update.getTable(), changed);
		}
		if (event instanceof RowChangeEvent row && row.getAction() == Action.UPDATE) {
			return changed(row.getChange(), columns) ? row : null;
		}
		return event;
	}

	static boolean changed(RowChange change, Set<String> columns) {
		Row before = change.before();
		Row after = change.after();
		if (before == null || after == null) {
			return true;
		}
		for (String column : columns) {
			if (after.contains(column)
					&& (!before.contains(column) || !Objects.deepEquals(before.get(column), after.get(column)))) {
				return true;
			}
		}
		return false;
	}

}
