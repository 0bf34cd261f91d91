package dev.binlog.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.binlog.test.EmbeddedMariaDb.RowMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The servers of {@link EmbeddedBinlogServer} outlive the contexts that use them, and at the end of the run the
 * contexts are closed while their server still runs.
 */
class EmbeddedBinlogServersTests {

    @Test
    void closingClosesTheContextsThatUseAServerWhileItStillRuns() {
        EmbeddedBinlogServers servers = new EmbeddedBinlogServers();
        GenericApplicationContext context = new GenericApplicationContext();
        EmbeddedMariaDb server = servers.serverFor(RowMetadata.FULL, context);
        List<Boolean> runningWhenTheContextClosed = new ArrayList<>();
        context.registerBean(DisposableBean.class, () -> () -> runningWhenTheContextClosed.add(server.isRunning()));
        context.refresh();

        servers.close();

        assertThat(context.isActive()).isFalse();
        assertThat(runningWhenTheContextClosed).containsExactly(true);
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void closingAContextLeavesTheSharedServerRunningForOtherTestClasses() {
        GenericApplicationContext context = new GenericApplicationContext();
        new EmbeddedBinlogServerContextCustomizer(RowMetadata.FULL, "orders").customizeContext(context, null);
        context.refresh();
        EmbeddedMariaDbConnectionDetails details = context.getBean(EmbeddedMariaDbConnectionDetails.class);

        context.close();

        assertThat(details.server().isRunning()).isTrue();
    }

}
