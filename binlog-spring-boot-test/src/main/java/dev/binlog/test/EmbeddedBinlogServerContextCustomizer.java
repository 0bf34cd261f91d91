package dev.binlog.test;

import dev.binlog.test.EmbeddedMariaDb.RowMetadata;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Registers the {@link EmbeddedMariaDbConnectionDetails} of an {@link EmbeddedBinlogServer} test. A record, so that
 * test classes with the same settings (and otherwise the same configuration) share one cached context.
 *
 * @param rowMetadata the row metadata of the server
 * @param database the database the connection details point at
 */
record EmbeddedBinlogServerContextCustomizer(RowMetadata rowMetadata, String database) implements ContextCustomizer {

    static final String BEAN_NAME = "embeddedMariaDbConnectionDetails";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        EmbeddedMariaDb server = EmbeddedBinlogServers.shared().serverFor(this.rowMetadata, context);
        // a singleton registered as an object, not a definition: the context does not close it (it would infer
        // close() from AutoCloseable), as the server outlives this context for the other test classes
        context.getBeanFactory().registerSingleton(BEAN_NAME, EmbeddedMariaDbConnectionDetails.of(server, this.database));
    }

}
