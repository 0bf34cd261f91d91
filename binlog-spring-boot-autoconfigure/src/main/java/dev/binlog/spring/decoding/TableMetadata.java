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

	// columns from this index on are in the binlog but not in rows (long-unique hashes, see HiddenColumns)
	private final int visible;

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
		this.visible = this.columns.size();
		this.fullLayout = Row.Layout.of(this.columns.stream().map(ColumnMetadata::name).toList());
	}

	private TableMetadata(TableMetadata metadata, int visible) {
		this.schema = metadata.schema;
		this.table = metadata.table;
		this.columns = metadata.columns;
		this.source = metadata.source;
		this.visible = visible;
		this.fullLayout = Row.Layout.of(this.columns.subList(0, visible).stream().map(ColumnMetadata::name).toList());
	}

	/**
	 * Return this layout with the last columns left out of rows: columns the server adds that are not part of the
	 * table.
	 * @param hidden how many of the last columns to leave out
	 * @return the metadata
	 */
	public TableMetadata withHiddenTrailing(int hidden) {
		return (hidden == 0) ? this : new TableMetadata(this, this.columns.size() - hidden);
	}

	/**
	 * Return whether a column is part of rows.
	 * @param column the column index in the binlog event
	 * @return whether rows carry it
	 */
	public boolean isVisible(int column) {
		return column < this.visible;
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
	 * Return how many of the columns present in a row image rows carry.
	 * @param included the columns the rows event carries
	 * @param present how many that is
	 * @return how many of them are visible
	 */
	public int visibleCount(BitSet included, int present) {
		return (this.visible == this.columns.size()) ? present : included.get(0, this.visible).cardinality();
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
			.of(bits.stream().filter(this::isVisible).mapToObj((i) -> this.columns.get(i).name()).toList()));
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
