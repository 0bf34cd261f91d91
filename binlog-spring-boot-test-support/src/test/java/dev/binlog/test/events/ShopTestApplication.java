package dev.binlog.test.events;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application of the integration tests: nothing but auto-configuration, as a user's application with the
 * starter on its classpath; its properties are in {@code application.properties}. The test classes share one
 * context, and with it one binlog stream and one recorder.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ShopTestApplication {

}
