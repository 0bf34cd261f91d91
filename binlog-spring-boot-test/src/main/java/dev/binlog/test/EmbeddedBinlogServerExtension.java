package dev.binlog.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Closes the servers of {@link EmbeddedBinlogServer} tests at the end of the test run. The servers are started by
 * {@link EmbeddedBinlogServerContextCustomizer} when Spring loads a test context, which may happen before this
 * callback (per-class test instances); the close only has to be registered once per run.
 */
class EmbeddedBinlogServerExtension implements BeforeAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(EmbeddedBinlogServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // the root store closes its AutoCloseable values when the whole run ends, not when this class ends:
        // later test classes with the same settings reuse the server and their cached contexts
        context.getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(EmbeddedBinlogServers.class, (key) -> (AutoCloseable) EmbeddedBinlogServers.shared()::close);
    }

}
