package dev.binlog.spring;

import org.jspecify.annotations.Nullable;

/**
 * One changed row: its image before the change (absent for a write) and after it (absent for a delete).
 *
 * @param action what happened to the row
 * @param before the row before the change, {@code null} for {@link Action#WRITE}
 * @param after the row after the change, {@code null} for {@link Action#DELETE}
 */
public record RowChange(Action action, @Nullable Row before, @Nullable Row after) {

	/**
	 * Return the image that exists after the change, or for a delete the deleted row: the image most listeners
	 * index, cache or audit.
	 * @return the current image, never {@code null}
	 */
	public Row row() {
		Row row = (this.after != null) ? this.after : this.before;
		if (row == null) {
			throw new IllegalStateException("Row change without an image");
		}
		return row;
	}

}
