/**
 * Reading rows as the application's Spring Data JDBC entities, for listeners of
 * {@link dev.binlog.spring.EntityChangeEvent}s. Only used when Spring Data JDBC is on the class path.
 */
@NullMarked
package dev.binlog.spring.entity;

import org.jspecify.annotations.NullMarked;
