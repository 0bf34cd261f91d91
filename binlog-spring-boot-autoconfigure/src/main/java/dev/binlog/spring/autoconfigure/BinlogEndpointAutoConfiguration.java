package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.actuate.BinlogEndpoint;
import dev.binlog.spring.cluster.BinlogLeadership;
import dev.binlog.spring.container.BinlogListenerContainer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code binlog} actuator endpoint, when exposed ({@code management.endpoints.web.exposure.include=binlog}).
 */
@AutoConfiguration(after = BinlogAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(BinlogListenerContainer.class)
@ConditionalOnAvailableEndpoint(BinlogEndpoint.class)
@EnableConfigurationProperties(BinlogOperationsProperties.class)
public final class BinlogEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BinlogEndpoint binlogEndpoint(BinlogListenerContainer container, BinlogOperationsProperties properties,
			ObjectProvider<BinlogLeadership> leadership) {
		BinlogEndpoint endpoint = new BinlogEndpoint(container, properties.getEndpoint().isRestartEnabled());
		endpoint.setLeadership(leadership.getIfAvailable());
		endpoint.setSnapshotEnabled(properties.getEndpoint().isSnapshotEnabled());
		return endpoint;
	}

}
