/**
 * The sample shop: business code that writes orders, and binlog listeners that keep a read model and an audit trail.
 */
@NullMarked
package dev.binlog.sample;

import org.jspecify.annotations.NullMarked;
