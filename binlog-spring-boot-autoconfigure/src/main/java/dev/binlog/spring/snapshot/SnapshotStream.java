package dev.binlog.spring.snapshot;

import dev.binlog.spring.BinlogEvent;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.TableChangeEvent;
import org.jspecify.annotations.Nullable;

/**
 * The stream a {@link SnapshotCoordinator} publishes into, implemented by the container.
 */
public interface SnapshotStream {

	/**
	 * Return the committed position if no transaction is open, so that a chunk can be published there.
	 * @return the position, or {@code null} inside a transaction or before the stream started
	 */
	@Nullable BinlogPosition boundary();

	/**
	 * Return whether the stream stopped or failed, which ends the snapshots.
	 * @return whether it stopped
	 */
	boolean stopped();

	/**
	 * Publish a snapshot event outside any transaction. Called under the lock.
	 * @param event a {@link TableChangeEvent} or a snapshot start or completion event
	 * @throws RuntimeException if a listener threw
	 */
	void publish(BinlogEvent event);

	/**
	 * Stop the stream with a failure of the snapshot.
	 * @param ex the failure
	 */
	void fail(Throwable ex);

	/**
	 * The plan moved on: save it with the committed position.
	 * @param checkpoint the plan's {@link SnapshotPlan#checkpoint()}, or {@code null} when it ran out
	 */
	void progressed(@Nullable String checkpoint);

	/**
	 * The coordinator ran out of tables, or stopped: forget it.
	 * @param coordinator the coordinator
	 */
	void retired(SnapshotCoordinator coordinator);

	/**
	 * Return whether the progress is saved with the position, so that a restart continues the snapshots.
	 * @return whether it is
	 */
	boolean resumable();

}
