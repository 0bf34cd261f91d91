package dev.binlog.spring.decoding;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.binlog.spring.Row;

/**
 * The layout of one table as the binlog describes it: every column in order, with what decoding needs. Instances
 * are immutable and shared by every event of the table until its layout changes.
 */
final class TableMetadata {

	private final String schema;

	private final String table;

	private final List<ColumnMetadata> columns;

	private final Source source;

	private final Row.Layout fullLayout;

	private final Map<BitSet, Row.Layout> partialLayouts = new ConcurrentHashMap<>();

	/**
	 * Create table metadata.
	 * @param schema the schema name
	 * @param table the table name
	 * @param columns the columns in table order
	 * @param source where the column names came from
	 */
	public TableMetadata(String schema, String table, List<ColumnMetadata> columns, Source source) {
		this.schema = schema;
		this.table = table;
		this.columns = List.copyOf(columns);
		this.source = source;
		this.fullLayout = Row.Layout.of(this.columns.stream().map(ColumnMetadata::name).toList());
	}

	public String schema() {
		return this.schema;
	}

	public String table() {
		return this.table;
	}

	public List<ColumnMetadata> columns() {
		return this.columns;
	}

	public Source source() {
		return this.source;
	}

	/**
	 * Return the row layout of the columns present in a row image.
	 * @param included the columns the rows event carries
	 * @return the layout, shared by every row with the same columns
	 */
	public Row.Layout layout(BitSet included) {
		if (included.cardinality() == this.columns.size()) {
			return this.fullLayout;
		}
		return this.partialLayouts.computeIfAbsent(included, (bits) -> Row.Layout
			.of(bits.stream().mapToObj((i) -> this.columns.get(i).name()).toList()));
	}

	/**
	 * Return {@code schema.table}.
	 * @return the qualified name
	 */
	public String qualifiedName() {
		return this.schema + "." + this.table;
	}

	@Override
	public String toString() {
		return qualifiedName() + this.fullLayout.names() + " from " + this.source;
	}

	/**
	 * Where a table's column names and attributes came from.
	 */
	public enum Source {

		/** The TABLE_MAP event itself ({@code binlog_row_metadata=FULL}): the layout at the time of the event. */
		TABLE_MAP,

		/** {@code information_schema.COLUMNS}: the layout now, checked against the TABLE_MAP column types. */
		INFORMATION_SCHEMA

	}

}
