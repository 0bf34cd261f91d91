package dev.binlog.spring.connection;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where a container with no saved position starts reading: {@code latest} (the end of the current binlog, so only
 * changes made from now on are seen), {@code earliest} (the oldest binlog the server still has),
 * {@code file:position} (for example {@code mysql-bin.000003:4}) or {@code gtid:set} (for example
 * {@code gtid:0-1-42} on MariaDB or {@code gtid:3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5} on MySQL) or
 * {@code time:instant} (for example {@code time:2026-12-01T08:00:00Z}: the first transaction committed at or after
 * that second).
 *
 * @param mode the kind of start position
 * @param file the binlog file for {@link Mode#FILE_POSITION}
 * @param position the offset for {@link Mode#FILE_POSITION}
 * @param gtidSet the GTID set already processed, for {@link Mode#GTID}
 * @param time the instant, whole seconds, for {@link Mode#TIME}
 */
public record StartPosition(Mode mode, @Nullable String file, long position, @Nullable String gtidSet,
		@Nullable Instant time) {

	/**
	 * Create a start position that is not a point in time.
	 * @param mode the kind of start position
	 * @param file the binlog file for {@link Mode#FILE_POSITION}
	 * @param position the offset for {@link Mode#FILE_POSITION}
	 * @param gtidSet the GTID set already processed, for {@link Mode#GTID}
	 */
	public StartPosition(Mode mode, @Nullable String file, long position, @Nullable String gtidSet) {
		this(mode, file, position, gtidSet, null);
	}

	/** Start at the end of the current binlog. */
	public static final StartPosition LATEST = new StartPosition(Mode.LATEST, null, 0, null);

	/** Start at the oldest binlog the server has. */
	public static final StartPosition EARLIEST = new StartPosition(Mode.EARLIEST, null, 0, null);

	/**
	 * Parse the value of {@code binlog.start-position}.
	 * @param value the property value
	 * @return the start position
	 * @throws BinlogStreamException naming {@code binlog.start-position} if the value has none of the accepted
	 * forms or its GTID set does not parse
	 */
	public static StartPosition parse(@Nullable String value) {
		return parse(value, "binlog.start-position");
	}

	/**
	 * Parse a start position given under some name, such as the {@code position} of a restart request.
	 * @param value the value
	 * @param name what the value is called where it was given, for the message
	 * @return the start position
	 * @throws BinlogStreamException naming {@code name} if the value has none of the accepted forms or its GTID set
	 * does not parse
	 */
	public static StartPosition parse(@Nullable String value, String name) {
		String text = (value != null) ? value.trim() : "";
		if (text.isEmpty() || text.equalsIgnoreCase("latest")) {
			return LATEST;
		}
		if (text.equalsIgnoreCase("earliest")) {
			return EARLIEST;
		}
		if (text.toLowerCase(Locale.ROOT).startsWith("gtid:")) {
			String gtid = text.substring(5).trim();
			if (gtid.isEmpty()) {
				throw invalid(name, value, "no GTID set follows 'gtid:'");
			}
			// checked here, because the binlog client takes any text and its reader thread dies on it later
			if (!GtidSets.isValid(gtid)) {
				throw invalid(name, value, "'" + gtid + "' is not a GTID set");
			}
			return new StartPosition(Mode.GTID, null, 0, gtid);
		}
		if (text.toLowerCase(Locale.ROOT).startsWith("time:")) {
			String instant = text.substring(5).trim();
			try {
				// binlog event headers carry whole seconds
				return new StartPosition(Mode.TIME, null, 0, null,
						Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS));
			}
			catch (DateTimeParseException ex) {
				throw invalid(name, value, "'" + instant + "' is not an ISO-8601 instant");
			}
		}
		int colon = text.lastIndexOf(':');
		if (colon > 0 && colon < text.length() - 1) {
			try {
				long position = Long.parseLong(text.substring(colon + 1).trim());
				if (position >= 4) {
					return new StartPosition(Mode.FILE_POSITION, text.substring(0, colon).trim(), position, null);
				}
				throw invalid(name, value, "offset " + position + " lies before the first event of a binlog file");
			}
			catch (NumberFormatException ex) {
				// reported below
			}
		}
		throw invalid(name, value, "it is none of the accepted forms");
	}

	private static BinlogStreamException invalid(String name, @Nullable String value, String problem) {
		return new BinlogStreamException("Invalid " + name + " '" + value + "': " + problem + ".",
				"Set " + name + " to 'latest', 'earliest', a binlog file and offset such as 'mysql-bin.000003:4' "
						+ "(offset 4 or more), 'gtid:' followed by a GTID set such as 'gtid:0-1-42' (MariaDB) or "
						+ "'gtid:3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5' (MySQL), or 'time:' followed by an "
						+ "ISO-8601 instant such as 'time:2026-12-01T08:00:00Z'.");
	}

	@Override
	public String toString() {
		return switch (this.mode) {
			case LATEST -> "latest";
			case EARLIEST -> "earliest";
			case FILE_POSITION -> this.file + ":" + this.position;
			case GTID -> "gtid:" + this.gtidSet;
			case TIME -> "time:" + this.time;
		};
	}

	/**
	 * The kinds of start position.
	 */
	public enum Mode {

		/** The end of the current binlog. */
		LATEST,

		/** The oldest binlog on the server. */
		EARLIEST,

		/** A binlog file and offset. */
		FILE_POSITION,

		/** A GTID set. */
		GTID,

		/** The first transaction committed at or after an instant. */
		TIME

	}

}
