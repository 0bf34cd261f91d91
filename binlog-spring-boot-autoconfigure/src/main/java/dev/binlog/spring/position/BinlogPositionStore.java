package dev.binlog.spring.position;

import java.util.Optional;

import dev.binlog.spring.BinlogPosition;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the committed binlog position of a container between runs, under a name, so that a restart continues
 * where the last run stopped. Several containers may share one store with different names.
 * <p>
 * A store allows one writer per name: when another writer changed the record since this store last read or wrote
 * it, {@link #save} throws {@link org.springframework.dao.OptimisticLockingFailureException} and the container
 * stops rather than let two instances overwrite each other's progress.
 */
public interface BinlogPositionStore {

	/**
	 * Return the saved position.
	 * @param name the record name
	 * @return the position, or empty on a first run
	 */
	Optional<BinlogPosition> load(String name);

	/**
	 * Save a position.
	 * @param name the record name
	 * @param position the committed position
	 * @param serverId the server id of the server the position belongs to, for information
	 * @throws org.springframework.dao.OptimisticLockingFailureException if another writer changed the record
	 */
	void save(String name, BinlogPosition position, long serverId);

	/**
	 * Save a position together with the progress of the table snapshots that run beside the stream, so that a
	 * restart continues them from their last completed chunk. Stores that do not keep snapshot progress save the
	 * position only ({@link #keepsSnapshotProgress()}).
	 * @param name the record name
	 * @param position the committed position
	 * @param serverId the server id of the server the position belongs to, for information
	 * @param snapshotProgress the progress, an opaque text of the container, or {@code null} when no snapshot runs
	 * @throws org.springframework.dao.OptimisticLockingFailureException if another writer changed the record
	 */
	default void save(String name, BinlogPosition position, long serverId, @Nullable String snapshotProgress) {
		save(name, position, serverId);
	}

	/**
	 * Return the snapshot progress saved with the position.
	 * @param name the record name
	 * @return the progress, or empty when no snapshot was running or the store does not keep it
	 */
	default Optional<String> loadSnapshotProgress(String name) {
		return Optional.empty();
	}

	/**
	 * Return whether the store keeps snapshot progress, so that a restart resumes snapshots.
	 * @return whether it does
	 * @throws IllegalStateException naming what to run if the store could keep it but is not set up for it
	 */
	default boolean keepsSnapshotProgress() {
		return false;
	}

	/**
	 * Make an instance, the one elected by leader election ({@code binlog.cluster.enabled=true}), the owner of a
	 * record: from then on the saves of any other instance fail, and can never move the record backwards. Stores
	 * that have no notion of an owner do nothing.
	 * @param name the record name
	 * @param owner the identity of the elected instance
	 */
	default void claim(String name, String owner) {
	}

	/**
	 * Return the instance that owns a record, the last one elected to stream it.
	 * @param name the record name
	 * @return the owner, or empty when there is none or the store does not keep owners
	 */
	default Optional<String> owner(String name) {
		return Optional.empty();
	}

	/**
	 * Return the table the store writes to, as {@code schema.table} or {@code table}, so that the container can
	 * ignore its own writes when the table lives in the watched server.
	 * @return the table, or empty when the store does not write to a table
	 */
	default Optional<String> table() {
		return Optional.empty();
	}

}
