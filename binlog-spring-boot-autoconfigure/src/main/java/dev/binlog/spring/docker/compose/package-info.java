/**
 * Binlog connection details for MariaDB and MySQL services started by Spring Boot's Docker Compose support.
 */
@NullMarked
package dev.binlog.spring.docker.compose;

import org.jspecify.annotations.NullMarked;
