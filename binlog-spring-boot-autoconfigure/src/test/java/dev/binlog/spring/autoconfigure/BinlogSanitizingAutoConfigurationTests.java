package dev.binlog.spring.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binlog password is masked in {@code /actuator/env} and {@code /actuator/configprops} with values shown:
 * as the value of its property, and inside any other value that carries it, such as a command line.
 */
class BinlogSanitizingAutoConfigurationTests {

	private static final String PASSWORD = "Pw-4-binlog-Z9qX";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BinlogSanitizingAutoConfiguration.class));

	@Test
	void passwordPropertyIsMaskedWhole() {
		assertThat(shown("binlog.password", PASSWORD)).isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(shown("password", PASSWORD)).isEqualTo(SanitizableData.SANITIZED_VALUE);
	}

	@Test
	void passwordOnTheCommandLineIsMaskedAndTheRestOfTheCommandStaysReadable() {
		assertThat(shown("sun.java.command",
				"com.example.ShopApplication --server.port=8080 --binlog.password=" + PASSWORD
						+ " --binlog.username=cdc"))
			.isEqualTo("com.example.ShopApplication --server.port=8080 --binlog.password=******"
					+ " --binlog.username=cdc");
	}

	// an unquoted secret is masked up to the next white space, quotes included: a quote may be part of it
	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
			"JAVA_TOOL_OPTIONS|-Xmx512m -Dbinlog.password=Pw-4-binlog-Z9qX -Dfile.encoding=UTF-8"
					+ "|-Xmx512m -Dbinlog.password=****** -Dfile.encoding=UTF-8",
			"sun.java.command|app.jar --binlog.password Pw-4-binlog-Z9qX --debug"
					+ "|app.jar --binlog.password ****** --debug",
			"ENV_DUMP|BINLOG_HOST=db BINLOG_PASSWORD=Pw-4-binlog-Z9qX BINLOG_USERNAME=cdc"
					+ "|BINLOG_HOST=db BINLOG_PASSWORD=****** BINLOG_USERNAME=cdc",
			"SPRING_APPLICATION_JSON|{\"binlog.password\": \"Pw-4 binlog-Z9qX\", \"binlog.port\": 3306}"
					+ "|{\"binlog.password\": \"******\", \"binlog.port\": 3306}",
			"sun.java.command|app.jar '--binlog.password=Pw-4-binlog-Z9q'X' --binlog.password=second-one"
					+ "|app.jar '--binlog.password=****** --binlog.password=******" })
	void passwordInAnyFormIsMaskedInsideOtherValues(String key, String value, String expected) {
		assertThat(shown(key, value)).isEqualTo(expected);
	}

	@Test
	void valuesWithoutTheBinlogPasswordAreShownUnchanged() {
		assertThat(shown("sun.java.command", "app.jar --binlog.username=cdc --spring.datasource.url=jdbc:mysql://db/"))
			.isEqualTo("app.jar --binlog.username=cdc --spring.datasource.url=jdbc:mysql://db/");
		assertThat(shown("binlog.host", "db.example")).isEqualTo("db.example");
		assertThat(shown("hint", "binlog.password is not set")).isEqualTo("binlog.password is not set");
		assertThat(shown("sun.java.command", "app.jar --binlog.password --debug"))
			.isEqualTo("app.jar --binlog.password --debug");
	}

	private String shown(String key, Object value) {
		Object[] shown = new Object[1];
		this.contextRunner.run((context) -> {
			Sanitizer sanitizer = new Sanitizer(context.getBeanProvider(SanitizingFunction.class).orderedStream().toList());
			SanitizableData data = new SanitizableData(new MapPropertySource("test", Map.of(key, value)), key, value);
			shown[0] = sanitizer.sanitize(data, true);
		});
		return (String) shown[0];
	}

}
