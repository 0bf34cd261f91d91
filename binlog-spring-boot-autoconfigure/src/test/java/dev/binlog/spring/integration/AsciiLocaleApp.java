package dev.binlog.spring.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.binlog.spring.Row;
import dev.binlog.spring.TableWriteEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The application {@link AsciiLocaleIntegrationTests} runs in a child JVM whose default charset is US-ASCII: it
 * writes its default charset when ready, then the schema, table, column names and values of every delivered row,
 * in UTF-8 whatever its default.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class AsciiLocaleApp {

	private final Path out;

	AsciiLocaleApp(Environment environment) {
		this.out = Path.of(environment.getRequiredProperty("ascii.output"));
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		write("ready " + Charset.defaultCharset().name());
	}

	@EventListener
	void rows(TableWriteEvent event) {
		for (Row row : event.getRows()) {
			StringBuilder line = new StringBuilder("row ").append(event.getSchema()).append('.').append(event.getTable());
			for (String column : row.columnNames()) {
				line.append(' ').append(column).append('=').append(row.get(column));
			}
			write(line.toString());
		}
	}

	private void write(String line) {
		try {
			Files.writeString(this.out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static void main(String[] args) {
		SpringApplication.run(AsciiLocaleApp.class, args);
	}

}
