package dev.binlog.spring.autoconfigure;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Masks the binlog password in {@code /actuator/configprops} and {@code /actuator/env}, even when their values
 * are shown ({@code management.endpoint.*.show-values=always}).
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class BinlogSanitizingAutoConfiguration {

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
		return secret ? data.withSanitizedValue() : data;
	}

}
