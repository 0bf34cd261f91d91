package dev.binlog.spring.integration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.EntityChangeEvent;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;
import dev.binlog.test.EmbeddedMariaDb;
import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Entities": an entity is built when the listener first asks for it. An entity whose construction
 * fails stops the stream even when the listener caught the failure, and a row image the listener never reads is never
 * built. The entity's constructor refuses a negative weight, which the columns' checks cannot know about.
 */
class EntityBuildIntegrationTests {

	@Test
	void entityThatCannotBeBuiltStopsTheStreamEvenWhenTheListenerCaughtTheFailure() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("parcel");
		server.execute("CREATE DATABASE " + schema,
				"CREATE TABLE " + schema + ".parcel (id INT PRIMARY KEY, weight INT)");
		BinlogContexts.runner(server, schema)
			.withUserConfiguration(ConverterConfiguration.class)
			.withBean(ParcelListener.class)
			.withPropertyValues("binlog.listener-failure.action=stop")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				server.execute("INSERT INTO " + schema + ".parcel VALUES (1, -1)",
						"INSERT INTO " + schema + ".parcel VALUES (2, 3)");
				await().atMost(TIMEOUT).until(() -> container.getStatus().state() == ContainerState.FAILED);

				ParcelListener listener = context.getBean(ParcelListener.class);
				assertThat(listener.failures).hasSize(1);
				assertThat(listener.parcels).isEmpty();
				assertThat(container.getStatus().lastError())
					.contains("Cannot read a row of " + schema + ".parcel as " + Parcel.class.getName());
			});
	}

	@Test
	void rowImageTheListenerDoesNotReadIsNotBuilt() {
		EmbeddedMariaDb server = TestServers.get(RowMetadata.FULL);
		String schema = TestServers.uniqueSchema("parcel");
		server.execute("CREATE DATABASE " + schema,
				"CREATE TABLE " + schema + ".parcel (id INT PRIMARY KEY, weight INT)",
				"INSERT INTO " + schema + ".parcel VALUES (1, -1)");
		BinlogContexts.runner(server, schema)
			.withUserConfiguration(ConverterConfiguration.class)
			.withBean(ParcelListener.class)
			.withPropertyValues("binlog.listener-failure.action=stop")
			.run((context) -> {
				BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
				ParcelListener listener = context.getBean(ParcelListener.class);
				// the update's before image holds the weight no Parcel takes; the listener reads the after image only
				server.execute("UPDATE " + schema + ".parcel SET weight = 5 WHERE id = 1",
						"INSERT INTO " + schema + ".parcel VALUES (2, 3)");
				await().atMost(TIMEOUT).until(() -> listener.parcels.size() == 2);

				assertThat(listener.parcels).containsExactly(new Parcel(1, 5), new Parcel(2, 3));
				assertThat(listener.failures).isEmpty();
				assertThat(container.getStatus().state()).isEqualTo(ContainerState.STREAMING);
			});
	}

	record Parcel(@Id Integer id, Integer weight) {

		Parcel {
			if (weight != null && weight < 0) {
				throw new IllegalArgumentException("a parcel weighs something");
			}
		}

	}

	static class ParcelListener {

		final List<Parcel> parcels = new CopyOnWriteArrayList<>();

		final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

		@BinlogListener
		void on(EntityChangeEvent<Parcel> change) {
			try {
				this.parcels.add(change.getAfter());
			}
			catch (RuntimeException ex) {
				// a listener that swallows failures must not make the stream skip the row
				this.failures.add(ex);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConverterConfiguration extends AbstractJdbcConfiguration {

		@Bean
		NamedParameterJdbcTemplate namedParameterJdbcTemplate(DataSource dataSource) {
			return new NamedParameterJdbcTemplate(dataSource);
		}

	}

}
