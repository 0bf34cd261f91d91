/**
 * Snapshots of the rows a table already holds, read in chunks by key between watermarks of the binlog and
 * published in the stream's order (Netflix's DBLog algorithm, with MariaDB's exact consistent-snapshot position as
 * the watermark).
 */
@NullMarked
package dev.binlog.spring.snapshot;

import org.jspecify.annotations.NullMarked;
