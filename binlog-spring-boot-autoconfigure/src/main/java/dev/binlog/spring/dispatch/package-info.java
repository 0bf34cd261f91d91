/**
 * Publishing decoded changes as Spring application events and selecting listeners.
 */
@NullMarked
package dev.binlog.spring.dispatch;

import org.jspecify.annotations.NullMarked;
