package dev.binlog.spring;

/**
 * One column of a table's layout, as a {@link TableSchemaChangeEvent} shows it.
 *
 * @param name the column name
 * @param type the data type in lower case as {@code information_schema.COLUMNS.DATA_TYPE} names it, without
 * length, precision or attributes ({@code int}, {@code varchar}, {@code decimal}, {@code enum}, ...). A layout
 * known from the binlog tells a geometry column's subtype as {@code geometry} only.
 */
public record TableColumn(String name, String type) {

}
