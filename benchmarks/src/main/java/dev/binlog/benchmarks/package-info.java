/**
 * Throughput, latency and memory benchmarks of the binlog starter against the plain binlog client.
 */
@NullMarked
package dev.binlog.benchmarks;

import org.jspecify.annotations.NullMarked;
