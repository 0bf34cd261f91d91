/**
 * Where and how to connect: connection details, start positions and the checks run before streaming.
 */
@NullMarked
package dev.binlog.spring.connection;

import org.jspecify.annotations.NullMarked;
