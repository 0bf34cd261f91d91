package dev.binlog.spring.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application {@link TransactionalCrashIntegrationTests} runs in a child JVM with transactional delivery and
 * kills with SIGKILL: a listener that is not idempotent, appending a ledger row and incrementing a counter per
 * source change, in the position's database.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class LedgerApp {

	private final JdbcTemplate jdbc;

	private final Path ready;

	LedgerApp(JdbcTemplate jdbc, Environment environment) {
		this.jdbc = jdbc;
		this.ready = Path.of(environment.getRequiredProperty("ledger.ready-file"));
	}

	@EventListener
	void ready(ApplicationReadyEvent event) throws IOException {
		Files.writeString(this.ready, "ready");
	}

	@EventListener
	void on(TableChangeEvent event) {
		if (!event.getTable().equals("src")) {
			return;
		}
		for (RowChange change : event.getChanges()) {
			Object id = change.row().get("id");
			this.jdbc.update("INSERT INTO ledger (src_id, v) VALUES (?, ?)", id, change.row().get("v"));
			this.jdbc.update("INSERT INTO counter (k, n) VALUES (?, 1) ON DUPLICATE KEY UPDATE n = n + 1", id);
		}
	}

	public static void main(String[] args) {
		SpringApplication.run(LedgerApp.class, args);
	}

}
