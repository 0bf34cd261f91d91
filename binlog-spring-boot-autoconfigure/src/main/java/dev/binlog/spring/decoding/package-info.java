/**
 * Turning raw binlog cells into named, typed rows.
 */
@NullMarked
package dev.binlog.spring.decoding;

import org.jspecify.annotations.NullMarked;
