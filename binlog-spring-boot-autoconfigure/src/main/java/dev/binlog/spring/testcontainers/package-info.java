/**
 * Binlog connection details for {@code @ServiceConnection} on MariaDB and MySQL Testcontainers.
 */
@NullMarked
package dev.binlog.spring.testcontainers;

import org.jspecify.annotations.NullMarked;
