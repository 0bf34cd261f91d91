package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.actuate.BinlogHealthIndicator;
import dev.binlog.spring.cluster.BinlogLeadership;
import dev.binlog.spring.container.BinlogListenerContainer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code binlog} health indicator; {@code management.health.binlog.enabled=false} turns it off.
 */
@AutoConfiguration(after = BinlogAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(BinlogListenerContainer.class)
@ConditionalOnEnabledHealthIndicator("binlog")
@EnableConfigurationProperties(BinlogOperationsProperties.class)
public final class BinlogHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "binlogHealthIndicator")
	BinlogHealthIndicator binlogHealthIndicator(BinlogListenerContainer container,
			BinlogOperationsProperties properties, ObjectProvider<BinlogLeadership> leadership) {
		BinlogHealthIndicator indicator = new BinlogHealthIndicator(container,
				properties.getHealth().getDisconnectedThreshold(), properties.getHealth().getStallTimeout());
		indicator.setLeadership(leadership.getIfAvailable());
		return indicator;
	}

}
