package dev.binlog.spring.autoconfigure;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Masks the binlog password in {@code /actuator/configprops} and {@code /actuator/env}, even when their values
 * are shown ({@code management.endpoint.*.show-values=always}): the values of password properties, and the
 * password within any other value that passes it on, such as the command line in {@code sun.java.command}
 * ({@code --binlog.password=...}), {@code JAVA_TOOL_OPTIONS} ({@code -Dbinlog.password=...}) or a value that
 * lists environment variables ({@code BINLOG_PASSWORD=...}).
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class BinlogSanitizingAutoConfiguration {

	// binlog.password or BINLOG_PASSWORD with '=' or ':' (also after a closing quote, as in JSON), or
	// --binlog.password and a space; then the secret: quoted up to the closing quote, else up to the next white space
	private static final Pattern PASSWORD_IN_VALUE = Pattern.compile(
			"(binlog[._]password[\"']?\\s*[=:]\\s*|--binlog[._]password\\s+(?=[^\\s-]))"
					+ "(?:\"([^\"]*)\"|'([^']*)'|(\\S+))",
			Pattern.CASE_INSENSITIVE);

	@Bean
	@ConditionalOnMissingBean(name = "binlogSanitizingFunction")
	SanitizingFunction binlogSanitizingFunction() {
		return BinlogSanitizingAutoConfiguration::sanitize;
	}

	private static SanitizableData sanitize(SanitizableData data) {
		String key = data.getLowerCaseKey();
		// env keys are qualified (binlog.password), configprops keys are not (password within the binlog bean)
		boolean secret = key.startsWith("binlog.") ? key.endsWith("password")
				: key.toLowerCase(Locale.ROOT).endsWith("password");
		if (secret) {
			return data.withSanitizedValue();
		}
		if (data.getValue() instanceof CharSequence value) {
			String masked = maskPasswords(value.toString());
			if (masked != null) {
				return data.withValue(masked);
			}
		}
		return data;
	}

	/**
	 * Return a value with the secret of every {@code binlog.password} in it masked, the rest unchanged.
	 * @param value the value
	 * @return the masked value, or {@code null} if there was nothing to mask
	 */
	private static @Nullable String maskPasswords(String value) {
		if (!value.toLowerCase(Locale.ROOT).contains("password")) {
			return null;
		}
		Matcher matcher = PASSWORD_IN_VALUE.matcher(value);
		if (!matcher.find()) {
			return null;
		}
		StringBuilder masked = new StringBuilder();
		do {
			String quote = (matcher.group(2) != null) ? "\"" : (matcher.group(3) != null) ? "'" : "";
			matcher.appendReplacement(masked,
					Matcher.quoteReplacement(matcher.group(1) + quote + SanitizableData.SANITIZED_VALUE + quote));
		}
		while (matcher.find());
		matcher.appendTail(masked);
		return masked.toString();
	}

}
