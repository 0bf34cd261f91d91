package dev.binlog.spring.position;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * One row of the position table. The {@link Version} column makes every update a compare-and-set: an update
 * based on a stale read changes no row and fails.
 */
class BinlogPositionRecord {

	@Id
	private final String name;

	@Version
	private final @Nullable Long version;

	private final String binlogFile;

	private final long binlogPosition;

	private final @Nullable String gtidSet;

	private final long serverId;

	private final Instant updatedAt;

	BinlogPositionRecord(String name, @Nullable Long version, String binlogFile, long binlogPosition,
			@Nullable String gtidSet, long serverId, Instant updatedAt) {
		this.name = name;
		this.version = version;
		this.binlogFile = binlogFile;
		this.binlogPosition = binlogPosition;
		this.gtidSet = gtidSet;
		this.serverId = serverId;
		this.updatedAt = updatedAt;
	}

	String getName() {
		return this.name;
	}

	@Nullable Long getVersion() {
		return this.version;
	}

	String getBinlogFile() {
		return this.binlogFile;
	}

	long getBinlogPosition() {
		return this.binlogPosition;
	}

	@Nullable String getGtidSet() {
		return this.gtidSet;
	}

	long getServerId() {
		return this.serverId;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	BinlogPositionRecord withVersion(@Nullable Long version) {
		return new BinlogPositionRecord(this.name, version, this.binlogFile, this.binlogPosition, this.gtidSet,
				this.serverId, this.updatedAt);
	}

	/**
	 * Return whether another record holds what this one holds, whatever its version: the same position, written
	 * by the same save.
	 * @param other the other record
	 * @return whether the content is the same
	 */
	boolean sameContent(BinlogPositionRecord other) {
		return this.name.equals(other.name) && this.binlogFile.equals(other.binlogFile)
				&& this.binlogPosition == other.binlogPosition && Objects.equals(this.gtidSet, other.gtidSet)
				&& this.serverId == other.serverId && this.updatedAt.equals(other.updatedAt);
	}

}
