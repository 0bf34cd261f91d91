/**
 * Auto-configuration and configuration properties of the binlog starter.
 */
@NullMarked
package dev.binlog.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
