package dev.binlog.spring.integration;

import java.io.FileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableUpdateEvent;
import dev.binlog.spring.TableWriteEvent;
import dev.binlog.spring.TransactionCommitEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The application {@link CrashRecoveryIntegrationTests} runs in a child JVM and kills with SIGKILL: it appends every
 * delivered row id, and every commit, to a file, flushed to the operating system after each event so that what was
 * delivered survives the kill.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class CrashApp {

	private final Writer out;

	private final int hangAtId;

	private final int exitAtId;

	private final int failAtId;

	// several instances write files that are merged by time (ClusterFailoverIntegrationTests)
	private final boolean timestamps;

	CrashApp(Environment environment) throws IOException {
		this.out = new FileWriter(environment.getRequiredProperty("crash.output"), true);
		this.hangAtId = environment.getProperty("crash.hang-at-id", Integer.class, -1);
		this.exitAtId = environment.getProperty("crash.exit-at-id", Integer.class, -1);
		this.failAtId = environment.getProperty("crash.fail-at-id", Integer.class, -1);
		this.timestamps = environment.getProperty("crash.timestamps", Boolean.class, false);
	}

	@EventListener
	void ready(ApplicationReadyEvent event) throws IOException {
		write("ready");
	}

	@EventListener
	void rows(TableWriteEvent event) {
		StringBuilder lines = new StringBuilder();
		for (Row row : event.getRows()) {
			lines.append("row ").append(row.get("id")).append('\n');
		}
		write(lines.substring(0, lines.length() - 1));
		if (event.getRows().stream().anyMatch((row) -> row.get("id").equals(this.exitAtId))) {
			// a listener that ends the application itself, on the binlog thread
			write("exiting");
			System.exit(3);
		}
		if (event.getRows().stream().anyMatch((row) -> row.get("id").equals(this.failAtId))) {
			throw new IllegalStateException("listener broke on row " + this.failAtId);
		}
		if (event.getRows().stream().anyMatch((row) -> row.get("id").equals(this.hangAtId))) {
			// in the middle of a transaction, with its first rows delivered: wait here for the SIGKILL
			write("hanging");
			hang();
		}
	}

	private void hang() {
		Object never = new Object();
		synchronized (never) {
			while (true) {
				try {
					never.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@EventListener
	void updates(TableUpdateEvent event) {
		for (RowChange change : event.getChanges()) {
			write("update " + change.after().get("id") + " " + change.after().get("v"));
		}
	}

	@EventListener
	void commit(TransactionCommitEvent event) {
		write("commit " + event.getGtid());
	}

	private void write(String line) {
		try {
			if (this.timestamps) {
				long now = System.currentTimeMillis();
				line = now + " " + line.replace("\n", "\n" + now + " ");
			}
			this.out.write(line + "\n");
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static void main(String[] args) {
		SpringApplication.run(CrashApp.class, args);
	}

}
