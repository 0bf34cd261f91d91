package dev.binlog.spring.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata the configuration processor generates lists every property with a description.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyIsDocumented() throws Exception {
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(json).as("generated metadata").isNotNull();
			List<Map<String, Object>> properties = JsonPath.read(json, "$.properties");
			assertThat(properties).extracting((property) -> property.get("name"))
				.contains("binlog.host", "binlog.port", "binlog.username", "binlog.password", "binlog.server-id",
						"binlog.connect-timeout", "binlog.heartbeat-interval", "binlog.keep-alive-interval",
						"binlog.include", "binlog.exclude", "binlog.start-position", "binlog.enabled",
						"binlog.auto-startup", "binlog.row-events");
			assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
				.as("description of %s", property.get("name"))
				.isNotBlank()
				.doesNotStartWith("The "));
		}
	}

}
