/**
 * Test support for applications of the binlog starter: record the binlog events a test caused, assert on them,
 * and wait until the stream has delivered everything the server wrote.
 */
@NullMarked
package dev.binlog.test.events;

import org.jspecify.annotations.NullMarked;
