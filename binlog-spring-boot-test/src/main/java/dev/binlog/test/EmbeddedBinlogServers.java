package dev.binlog.test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.binlog.test.EmbeddedMariaDb.RowMetadata;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The servers of {@link EmbeddedBinlogServer} tests, one per row metadata, and the application contexts that use
 * them. Closing closes those contexts first, so that no binlog container is left reconnecting to a stopped server
 * and each saves its position while the server is still there.
 */
final class EmbeddedBinlogServers implements AutoCloseable {

    private static final EmbeddedBinlogServers SHARED = new EmbeddedBinlogServers();

    private final Map<RowMetadata, EmbeddedMariaDb> servers = new EnumMap<>(RowMetadata.class);

    private final Set<ConfigurableApplicationContext> contexts = new LinkedHashSet<>();

    static EmbeddedBinlogServers shared() {
        return SHARED;
    }

    /**
     * Return the server with the given row metadata, started on first use, for a context that uses it until it
     * closes.
     * @param rowMetadata the row metadata of the server
     * @param context the context that connects to it
     * @return the running server
     */
    synchronized EmbeddedMariaDb serverFor(RowMetadata rowMetadata, ConfigurableApplicationContext context) {
        EmbeddedMariaDb server = this.servers.computeIfAbsent(rowMetadata,
                (metadata) -> EmbeddedMariaDb.builder().rowMetadata(metadata).start());
        this.contexts.add(context);
        // a context the test framework evicts from its cache is closed: no need to close it again at the end
        context.addApplicationListener((ContextClosedEvent event) -> {
            if (event.getApplicationContext() == context) {
                release(context);
            }
        });
        return server;
    }

    private synchronized void release(ConfigurableApplicationContext context) {
        this.contexts.remove(context);
    }

    @Override
    public void close() {
        List<ConfigurableApplicationContext> open;
        List<EmbeddedMariaDb> running;
        synchronized (this) {
            open = new ArrayList<>(this.contexts);
            running = new ArrayList<>(this.servers.values());
            this.contexts.clear();
            this.servers.clear();
        }
        RuntimeException failure = null;
        for (ConfigurableApplicationContext context : open) {
            try {
                context.close();
            }
            catch (RuntimeException ex) {
                failure = add(failure, ex);
            }
        }
        for (EmbeddedMariaDb server : running) {
            try {
                server.close();
            }
            catch (RuntimeException ex) {
                failure = add(failure, ex);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException add(RuntimeException failure, RuntimeException ex) {
        if (failure == null) {
            return ex;
        }
        failure.addSuppressed(ex);
        return failure;
    }

}
