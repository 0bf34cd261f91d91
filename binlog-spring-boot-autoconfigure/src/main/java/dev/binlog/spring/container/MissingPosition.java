package dev.binlog.spring.container;

import java.util.Locale;

import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.binlog.spring.BinlogPosition;
import dev.binlog.spring.connection.ServerErrorTranslator;
import dev.binlog.spring.connection.StartPosition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link StreamSession} does when the server no longer has the position it streams from (purged, or never
 * written): fail (the default), jump as {@code binlog.position.on-missing} says, or, with
 * {@code binlog.snapshot.mode=when-needed}, continue from the latest position and snapshot every captured table from
 * there, so that listeners get the current state instead of a gap.
 */
final class MissingPosition {

	private static final Log logger = LogFactory.getLog(MissingPosition.class);

	private final OnMissingPosition onMissing;

	private final String server;

	private final ContainerStatusHolder status;

	private final TableSnapshots snapshots;

	// set on the client's thread, read by the session's thread once the jump's position is resolved
	private volatile boolean snapshotAfterJump;

	MissingPosition(OnMissingPosition onMissing, String server, ContainerStatusHolder status,
			TableSnapshots snapshots) {
		this.onMissing = onMissing;
		this.server = server;
		this.status = status;
		this.snapshots = snapshots;
	}

	/**
	 * Return where to continue after a server error, if it names a missing position that the settings allow to
	 * replace.
	 * @param ex the server's error
	 * @param position the position the stream asked for
	 * @return the position to jump to, or {@code null} to fail
	 */
	@Nullable StartPosition jumpFor(ServerException ex, @Nullable BinlogPosition position) {
		if (!ServerErrorTranslator.isMissingPosition(ex)) {
			return null;
		}
		if (this.snapshots.replacePurgedPosition()) {
			// the snapshot replaces the missing changes with the current rows, whatever on-missing says
			logger.warn("The server at " + this.server + " no longer has binlog position " + position + " ("
					+ ex.getMessage() + "); continuing from the latest position and snapshotting every captured table "
					+ "as binlog.snapshot.mode=when-needed says. Rows deleted in between are not delivered as deletes.");
			this.snapshotAfterJump = true;
			return StartPosition.LATEST;
		}
		if (this.onMissing == OnMissingPosition.FAIL) {
			return null;
		}
		logger.warn("The server at " + this.server + " no longer has binlog position " + position + " ("
				+ ex.getMessage() + "); continuing from the " + this.onMissing.name().toLowerCase(Locale.ROOT)
				+ " position as binlog.position.on-missing says. Changes in between are not delivered.");
		this.status.skipped();
		return (this.onMissing == OnMissingPosition.LATEST) ? StartPosition.LATEST : StartPosition.EARLIEST;
	}

	/**
	 * The session replaced its position after a jump; ask for the snapshots if the jump replaced a missing position.
	 */
	void jumped() {
		if (this.snapshotAfterJump) {
			this.snapshotAfterJump = false;
			this.snapshots.positionPurged();
		}
	}

}
