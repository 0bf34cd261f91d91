/**
 * Health, metrics and the actuator endpoint of the binlog listener container.
 */
@NullMarked
package dev.binlog.spring.actuate;

import org.jspecify.annotations.NullMarked;
