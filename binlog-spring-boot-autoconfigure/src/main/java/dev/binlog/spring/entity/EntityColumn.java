package dev.binlog.spring.entity;

import org.springframework.data.core.TypeInformation;

/**
 * A column an entity maps, and the property it fills.
 *
 * @param name the column's name in the table, as the binlog row carries it
 * @param key the key under which the converter looks the value up (the column name for an entity of one table)
 * @param property the property's path from the entity, such as {@code address.city}
 * @param type the property's type
 */
record EntityColumn(String name, String key, String property, TypeInformation<?> type) {

}
