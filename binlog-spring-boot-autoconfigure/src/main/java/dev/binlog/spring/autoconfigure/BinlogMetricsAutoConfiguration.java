package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.actuate.BinlogMetrics;
import dev.binlog.spring.container.BinlogListenerContainer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code binlog.*} Micrometer meters.
 */
@AutoConfiguration(after = BinlogAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, BinlogListenerContainer.class })
@EnableConfigurationProperties(BinlogOperationsProperties.class)
public final class BinlogMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BinlogMetrics binlogMetrics(BinlogListenerContainer container, BinlogOperationsProperties properties) {
		return new BinlogMetrics(container, properties.getMetrics().getMaxTables());
	}

}
