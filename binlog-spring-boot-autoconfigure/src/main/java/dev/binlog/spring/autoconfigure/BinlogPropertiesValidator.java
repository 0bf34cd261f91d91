package dev.binlog.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.binlog.spring.connection.BinlogStreamException;
import dev.binlog.spring.connection.StartPosition;
import org.jspecify.annotations.Nullable;

import org.springframework.validation.Errors;

/**
 * The checks of the {@code binlog.*} properties made when they are bound, so that Spring Boot's failure analysis
 * names the property and the value to set.
 */
final class BinlogPropertiesValidator {

	private BinlogPropertiesValidator() {
	}

	/**
	 * Reject the values the stream cannot run with, each as an error on its field whose message names the
	 * property and what to set.
	 * @param target these properties
	 * @param errors where to report
	 */
	static void validate(BinlogProperties properties, Errors errors) {
		Long serverId = properties.getServerId();
		if (serverId != null && (serverId < 1 || serverId > BinlogProperties.MAX_SERVER_ID)) {
			errors.rejectValue("serverId", "range", "binlog.server-id must be between 1 and " + BinlogProperties.MAX_SERVER_ID
					+ " (an unsigned 32-bit integer, and 0 is refused by the server); set it to an id that no other "
					+ "replica or binlog client of the server uses, or leave it unset for a random one.");
		}
		Integer port = properties.getPort();
		if (port != null && (port < 1 || port > 65535)) {
			errors.rejectValue("port", "range", "binlog.port must be between 1 and 65535; set it to the port of "
					+ "the MySQL/MariaDB server (3306 by default).");
		}
		rejectUnlessPositive(errors, "connectTimeout", "binlog.connect-timeout", properties.getConnectTimeout());
		rejectUnlessPositive(errors, "heartbeatInterval", "binlog.heartbeat-interval",
				properties.getHeartbeatInterval());
		rejectUnlessPositive(errors, "keepAliveInterval", "binlog.keep-alive-interval",
				properties.getKeepAliveInterval());
		if (isPositive(properties.getHeartbeatInterval()) && isPositive(properties.getKeepAliveInterval())
				&& properties.getKeepAliveInterval().compareTo(properties.getHeartbeatInterval()) <= 0) {
			errors.rejectValue("keepAliveInterval", "order",
					"binlog.keep-alive-interval (" + properties.getKeepAliveInterval()
							+ ") must be longer than binlog.heartbeat-interval (" + properties.getHeartbeatInterval()
							+ "), else an idle connection is taken as dead between two heartbeats; set "
							+ "binlog.keep-alive-interval to at least twice binlog.heartbeat-interval.");
		}
		rejectUnlessPositive(errors, "shutdownTimeout", "binlog.shutdown-timeout", properties.getShutdownTimeout());
		rejectInvalidPatterns(errors, "include", "binlog.include", properties.getInclude());
		rejectInvalidPatterns(errors, "exclude", "binlog.exclude", properties.getExclude());
		try {
			StartPosition.parse(properties.getStartPosition());
		}
		catch (BinlogStreamException ex) {
			errors.rejectValue("startPosition", "startPosition", ex.getDescription() + " " + ex.getAction());
		}
		errors.pushNestedPath("position");
		properties.getPosition().validate(errors);
		errors.popNestedPath();
		rejectIfNegative(errors, "reconnect.giveUpAfter", "binlog.reconnect.give-up-after",
				properties.getReconnect().getGiveUpAfter(), "keep reconnecting for ever");
		if (properties.getListenerFailure().getMaxAttempts() < 1) {
			errors.rejectValue("listenerFailure.maxAttempts", "range", "binlog.listener-failure.max-attempts must "
					+ "be at least 1 (the first delivery counts); set it to 1 or more.");
		}
		rejectIfNegative(errors, "listenerFailure.backoff", "binlog.listener-failure.backoff",
				properties.getListenerFailure().getBackoff(), "retry at once");
		if (properties.getSnapshot().getChunkSize() < 1) {
			errors.rejectValue("snapshot.chunkSize", "range", "binlog.snapshot.chunk-size must be at least 1; set it "
					+ "to the number of rows one chunk reads, such as 1000.");
		}
	}

	private static void rejectInvalidPatterns(Errors errors, String field, String property, List<String> patterns) {
		for (int i = 0; i < patterns.size(); i++) {
			try {
				Pattern.compile(patterns.get(i));
			}
			catch (PatternSyntaxException ex) {
				errors.rejectValue(field + "[" + i + "]", "pattern",
						property + "[" + i + "] '" + patterns.get(i) + "' is not a regular expression ("
								+ ex.getDescription() + " near index " + ex.getIndex() + "); set it to a Java regular "
								+ "expression on schema.table, such as 'shop\\..*' (a dot escaped as \\.).");
			}
		}
	}

	/**
	 * Reject a duration that is not longer than zero.
	 * @param errors where to report
	 * @param field the field path
	 * @param property the property name for the message
	 * @param value the value
	 */
	static void rejectUnlessPositive(Errors errors, String field, String property, @Nullable Duration value) {
		if (!isPositive(value)) {
			errors.rejectValue(field, "positive",
					property + " must be longer than zero; set it to a duration such as 10s or 500ms.");
		}
	}

	/**
	 * Reject a duration that is negative.
	 * @param errors where to report
	 * @param field the field path
	 * @param property the property name for the message
	 * @param value the value
	 * @param zeroMeans what zero means, for the message
	 */
	static void rejectIfNegative(Errors errors, String field, String property, @Nullable Duration value,
			String zeroMeans) {
		if (value == null || value.isNegative()) {
			errors.rejectValue(field, "notNegative", property + " must not be negative; set it to 0 (" + zeroMeans
					+ ") or a duration such as 10s.");
		}
	}

	private static boolean isPositive(@Nullable Duration value) {
		return value != null && !value.isNegative() && !value.isZero();
	}

}
