/**
 * Turning raw binlog cells into named, typed rows: table layouts (from the TABLE_MAP event's metadata or
 * {@code information_schema}), character sets, temporal cells and the include/exclude filter. The rest of the
 * starter talks to this package through {@link dev.binlog.spring.decoding.BinlogDecoder} only.
 */
@NullMarked
package dev.binlog.spring.decoding;

import org.jspecify.annotations.NullMarked;
