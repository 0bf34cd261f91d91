/**
 * Where the container's committed binlog position is kept between runs: a JDBC table through Spring Data JDBC, or
 * memory.
 */
@NullMarked
package dev.binlog.spring.position;

import org.jspecify.annotations.NullMarked;
