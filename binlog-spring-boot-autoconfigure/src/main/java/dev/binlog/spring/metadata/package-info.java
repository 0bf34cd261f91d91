/**
 * Table layouts (column names, types, charsets, labels) from TABLE_MAP metadata or information_schema.
 */
@NullMarked
package dev.binlog.spring.metadata;

import org.jspecify.annotations.NullMarked;
