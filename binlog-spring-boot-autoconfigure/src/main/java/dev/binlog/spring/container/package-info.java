/**
 * The listener container that owns the binlog connection and follows transaction boundaries.
 */
@NullMarked
package dev.binlog.spring.container;

import org.jspecify.annotations.NullMarked;
