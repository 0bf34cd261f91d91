/**
 * A real MariaDB server with the binary log enabled, started from Java for integration tests and
 * local development.
 *
 * <p>Start one with {@link dev.binlog.test.EmbeddedMariaDb#builder()}, or run a Spring test against one with
 * {@link dev.binlog.test.EmbeddedBinlogServer}.
 */
@NullMarked
package dev.binlog.test;

import org.jspecify.annotations.NullMarked;
