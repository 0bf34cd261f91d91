/**
 * Leader election among instances that share a position record: one streams, the others stand by.
 */
@NullMarked
package dev.binlog.spring.cluster;

import org.jspecify.annotations.NullMarked;
