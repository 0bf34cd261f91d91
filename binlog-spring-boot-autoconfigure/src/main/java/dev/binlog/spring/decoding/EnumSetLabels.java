package dev.binlog.spring.decoding;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata.DefaultCharset;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import org.jspecify.annotations.Nullable;

/**
 * The ENUM and SET labels of a TABLE_MAP event's FULL metadata, decoded with each column's character set. The
 * server writes a label in its column's character set (a {@code latin1} ENUM's {@code 'é'} is one byte, a
 * {@code ucs2} one's two), and names that character set in the event's ENUM_AND_SET charset fields.
 */
final class EnumSetLabels {

	private EnumSetLabels() {
	}

	/**
	 * Return the labels of every ENUM and SET column, in column order.
	 * @param tableMap the event
	 * @param charsets the server's character sets
	 * @return the labels of each ENUM or SET column, or {@code null} if the event lacks them or their character
	 * sets, or a column's labels are binary (the caller then reads them from {@code information_schema})
	 */
	static @Nullable List<List<String>> decode(TableMapEventData tableMap, CharsetRegistry charsets) {
		TableMapEventMetadata full = tableMap.getEventMetadata();
		if (!(tableMap instanceof TableMapDeserializer.TableMapData data) || full == null) {
			return null;
		}
		byte[] types = tableMap.getColumnTypes();
		int[] metas = tableMap.getColumnMetadata();
		int enums = 0;
		int sets = 0;
		List<ColumnType> order = new ArrayList<>();
		for (int i = 0; i < types.length; i++) {
			ColumnType type = TableMetadataResolver.realType(types[i], metas[i]);
			if (isEnumOrSet(types[i], metas[i])) {
				order.add(type);
				enums += (type == ColumnType.ENUM) ? 1 : 0;
				sets += (type == ColumnType.SET) ? 1 : 0;
			}
		}
		List<Integer> collations = collations(full, order.size());
		if (data.enumLabels().size() != enums || data.setLabels().size() != sets || collations == null) {
			return null;
		}
		List<List<String>> labels = new ArrayList<>(order.size());
		int enumIndex = 0;
		int setIndex = 0;
		for (int i = 0, column = 0; i < order.size(); i++, column++) {
			while (!isEnumOrSet(types[column], metas[column])) {
				column++;
			}
			String name = (full.getColumnNames() != null) ? full.getColumnNames().get(column) : "#" + (column + 1);
			Charset charset = charsets.forCollation(collations.get(i),
					tableMap.getDatabase() + "." + tableMap.getTable(), name);
			if (charset == null) {
				return null;
			}
			byte[][] raw = (order.get(i) == ColumnType.ENUM) ? data.enumLabels().get(enumIndex++)
					: data.setLabels().get(setIndex++);
			List<String> decoded = new ArrayList<>(raw.length);
			for (byte[] label : raw) {
				decoded.add(new String(label, charset));
			}
			labels.add(decoded);
		}
		return labels;
	}

	private static boolean isEnumOrSet(byte typeCode, int meta) {
		ColumnType type = TableMetadataResolver.realType(typeCode, meta);
		return type == ColumnType.ENUM || type == ColumnType.SET;
	}

	private static @Nullable List<Integer> collations(TableMapEventMetadata full, int columns) {
		if (full.getEnumAndSetColumnCharsets() != null) {
			List<Integer> collations = full.getEnumAndSetColumnCharsets();
			return (collations.size() == columns) ? collations : null;
		}
		DefaultCharset defaults = full.getEnumAndSetDefaultCharset();
		if (defaults == null) {
			return (columns == 0) ? List.of() : null;
		}
		Map<Integer, Integer> exceptions = (defaults.getCharsetCollations() != null) ? defaults.getCharsetCollations()
				: Map.of();
		List<Integer> collations = new ArrayList<>(columns);
		for (int i = 0; i < columns; i++) {
			collations.add(exceptions.getOrDefault(i, defaults.getDefaultCharsetCollation()));
		}
		return collations;
	}

}
