package dev.binlog.spring.integration;

import java.io.FileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

import dev.binlog.spring.Row;
import dev.binlog.spring.RowChange;
import dev.binlog.spring.TableChangeEvent;
import dev.binlog.spring.TableSnapshotCompletedEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The application {@link SnapshotCrashIntegrationTests} snapshots a table with in a child JVM and kills with
 * SIGKILL: it appends every delivered change (snapshot rows and stream changes, with their values) to a file,
 * flushed after each event, and can hang in its listener once it received a number of snapshot rows.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SnapshotCrashApp {

	private final Writer out;

	private final int hangAfterSnapshotRows;

	private int snapshotRows;

	SnapshotCrashApp(Environment environment) throws IOException {
		this.out = new FileWriter(environment.getRequiredProperty("crash.output"), true);
		this.hangAfterSnapshotRows = environment.getProperty("crash.hang-after-snapshot-rows", Integer.class, -1);
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		write("ready");
	}

	@EventListener
	synchronized void changes(TableChangeEvent event) {
		StringBuilder lines = new StringBuilder();
		for (RowChange change : event.getChanges()) {
			String prefix = change.action().name().toLowerCase(java.util.Locale.ROOT) + " " + event.getTable() + " ";
			switch (change.action()) {
				case SNAPSHOT, WRITE -> lines.append(prefix).append(values(change.after()));
				case UPDATE -> lines.append(prefix).append(change.before().get("id")).append(' ')
					.append(values(change.after()));
				case DELETE -> lines.append(prefix).append(change.before().get("id"));
			}
			lines.append('\n');
		}
		write(lines.substring(0, lines.length() - 1));
		if (event.getAction() == dev.binlog.spring.Action.SNAPSHOT) {
			this.snapshotRows += event.size();
			if (this.hangAfterSnapshotRows >= 0 && this.snapshotRows >= this.hangAfterSnapshotRows) {
				// in the middle of the table: wait here for the SIGKILL
				write("hanging");
				hang();
			}
		}
	}

	@EventListener
	void completed(TableSnapshotCompletedEvent event) {
		write("completed " + event.getTable());
	}

	private static String values(Row row) {
		return row.get("id") + " " + row.get("v") + " " + row.get("n");
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

	private void write(String line) {
		try {
			this.out.write(line + "\n");
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static void main(String[] args) {
		SpringApplication.run(SnapshotCrashApp.class, args);
	}

}
