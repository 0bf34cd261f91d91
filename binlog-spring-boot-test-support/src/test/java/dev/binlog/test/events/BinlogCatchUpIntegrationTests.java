package dev.binlog.test.events;

import java.time.Duration;

import dev.binlog.spring.autoconfigure.BinlogAutoConfiguration;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.test.EmbeddedMariaDbConnectionDetails;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The test support against a real MariaDB: the binlog connection comes from {@link EmbeddedMariaDbConnectionDetails}
 * alone, and once {@link BinlogCatchUp#await} returns, the recorder already holds the events of every write made
 * before the call, with no further waiting.
 */
class BinlogCatchUpIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BinlogAutoConfiguration.class))
		.withUserConfiguration(BinlogEventRecorder.class)
		.withPropertyValues("binlog.position.store=memory", "binlog.include=shop\\..*");

	@Test
	void awaitReturnsOnceEverythingWrittenBeforeWasDelivered() {
		try (EmbeddedMariaDbConnectionDetails database = EmbeddedMariaDbConnectionDetails.start("shop")) {
			database.server().execute("CREATE TABLE shop.orders (id INT PRIMARY KEY, status VARCHAR(20))");
			this.contextRunner.withBean(EmbeddedMariaDbConnectionDetails.class, () -> database,
					(definition) -> definition.setDestroyMethodName(null))
				.run((context) -> {
					BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
					database.server()
						.execute("INSERT INTO shop.orders VALUES (1, 'NEW'), (2, 'NEW')",
								"UPDATE shop.orders SET status = 'PAID' WHERE id = 2", "DELETE FROM shop.orders WHERE id = 1");
					BinlogCatchUp.await(container, Duration.ofSeconds(30));
					BinlogEventsAssert.assertThat(context.getBean(BinlogEventRecorder.class))
						.hasWritten("shop.orders")
						.hasUpdated("shop.orders", "id", 2, "status")
						.hasDeleted("shop.orders", "id", 1)
						.hasChangesInOrder("write@shop.orders", "update@shop.orders", "delete@shop.orders");
				});
		}
	}

}
