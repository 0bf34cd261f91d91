package dev.binlog.benchmarks;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;

import javax.sql.DataSource;

import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.EntityChangeEvent;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The typed variant: one {@code @BinlogListener} of {@code EntityChangeEvent<Order>}, every row read as a Spring
 * Data JDBC entity through the application's converter, as an application with Spring Data JDBC has it. Entities are
 * built when read: this listener reads {@code getEntity()}, so an update builds its after image only.
 */
@Import(EntityListeners.SpringDataJdbc.class)
class EntityListeners {

	private final Probe probe;

	EntityListeners(Probe probe) {
		this.probe = probe;
	}

	@BinlogListener
	void on(EntityChangeEvent<Order> change) {
		// read the entity so that building it is measured (an update builds its after image only)
		if (change.getEntity().id() != null) {
			this.probe.add(1);
		}
	}

	enum Status {

		NEW, PAID, SHIPPED, CANCELLED

	}

	/** The benchmark's order table as an application would map it. */
	@Table("orders")
	record Order(@Id BigInteger id, Integer customerId, Status status, BigDecimal total, String note,
			LocalDateTime created, Instant updated, String attrs) {
	}

	/** Spring Data JDBC's converter, as an application's configuration (or Boot's) defines it. */
	@Configuration(proxyBeanMethods = false)
	static class SpringDataJdbc extends AbstractJdbcConfiguration {

		@Bean
		NamedParameterJdbcOperations benchNamedParameterJdbcTemplate(DataSource dataSource) {
			return new NamedParameterJdbcTemplate(dataSource);
		}

	}

}
