/**
 * Public API of the binlog starter: the events, rows, positions and annotations that applications use.
 */
@NullMarked
package dev.binlog.spring;

import org.jspecify.annotations.NullMarked;
