package dev.binlog.test.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Records the binlog events of the application under test in a {@link BinlogEventRecorder} bean, in the spirit of
 * Spring's {@code @RecordApplicationEvents}. Put it on a {@code @SpringBootTest} class (or a configuration class)
 * and autowire the recorder:
 *
 * <pre>{@code
 * @SpringBootTest
 * @RecordBinlogEvents
 * class OrderTests {
 *
 *     @Autowired BinlogEventRecorder events;
 *     @Autowired BinlogListenerContainer container;
 *
 *     @Test
 *     void paying() {
 *         // ... the code under test writes ...
 *         BinlogCatchUp.await(container, Duration.ofSeconds(30));
 *         BinlogEventsAssert.assertThat(events).hasUpdated("shop.orders", "id", 1, "status");
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(BinlogEventRecorder.class)
public @interface RecordBinlogEvents {

}
