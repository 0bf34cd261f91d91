package dev.binlog.spring.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.binlog.spring.Row;
import dev.binlog.spring.dispatch.EntityReaders.EntityReader;
import org.jspecify.annotations.Nullable;

import org.springframework.data.core.TypeInformation;
import org.springframework.data.jdbc.core.convert.Identifier;
import org.springframework.data.jdbc.core.convert.JdbcConverter;
import org.springframework.data.mapping.PersistentPropertyPath;
import org.springframework.data.relational.core.mapping.AggregatePath;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.data.relational.domain.RowDocument;

/**
 * Reads the rows of one entity's table through the application's {@link JdbcConverter}, the way a repository's
 * {@code findById} reads its result set: the columns the mapping names go into a {@link RowDocument} under the keys
 * the converter looks up, and {@link JdbcConverter#readAndResolve(Class, RowDocument)} builds the entity. Refused
 * rather than guessed: an entity with relations to other tables (a binlog row holds one table), a column the row
 * image lacks, a value that no conversion takes exactly. Columns and values are checked when a row is prepared, the
 * entity is built when it is first asked for.
 *
 * @param <T> the entity type
 */
final class JdbcEntityReader<T> implements EntityReader<T> {

	private final JdbcConverter converter;

	private final Class<T> type;

	// JdbcConverter.readAndResolve(Class, RowDocument) looks this up on every call
	private final TypeInformation<T> typeInformation;

	private final String table;

	private final @Nullable String mappedSchema;

	private final Supplier<@Nullable String> defaultSchema;

	private final List<EntityColumn> columns;

	private volatile @Nullable String schema;

	private volatile boolean schemaResolved;

	JdbcEntityReader(JdbcConverter converter, Class<T> type, Supplier<@Nullable String> defaultSchema) {
		this.converter = converter;
		this.type = type;
		this.typeInformation = TypeInformation.of(type);
		RelationalMappingContext context = converter.getMappingContext();
		RelationalPersistentEntity<?> entity = context.getRequiredPersistentEntity(type);
		this.table = entity.getTableName().getReference();
		this.mappedSchema = schemaOf(entity.getQualifiedTableName());
		this.defaultSchema = defaultSchema;
		this.columns = columnsOf(context, type);
	}

	private static @Nullable String schemaOf(SqlIdentifier qualifiedTableName) {
		List<SqlIdentifier> parts = new ArrayList<>();
		qualifiedTableName.forEach(parts::add);
		return (parts.size() > 1) ? parts.get(parts.size() - 2).getReference() : null;
	}

	private List<EntityColumn> columnsOf(RelationalMappingContext context, Class<T> type) {
		List<EntityColumn> result = new ArrayList<>();
		for (PersistentPropertyPath<RelationalPersistentProperty> path : context.findPersistentPropertyPaths(type,
				(property) -> true)) {
			AggregatePath aggregatePath = context.getAggregatePath(path);
			if (aggregatePath.isEmbedded()) {
				// its properties are paths of their own
				continue;
			}
			if (aggregatePath.isEntity()) {
				throw new IllegalStateException(this.type.getName() + "." + path.toDotPath() + " maps a relation "
						+ "to another table, but a binlog row holds one table: an EntityChangeEvent<"
						+ type.getSimpleName() + "> cannot be built exactly. Listen to the tables' own events "
						+ "(TableChangeEvent), or map an entity of the table's columns only");
			}
			RelationalPersistentProperty property = path.getLeafProperty();
			result.add(new EntityColumn(aggregatePath.getColumnInfo().name().getReference(),
					aggregatePath.getColumnInfo().alias().getReference(), path.toDotPath(),
					property.getTypeInformation()));
		}
		return List.copyOf(result);
	}

	@Override
	public @Nullable String schema() {
		if (this.mappedSchema != null) {
			return this.mappedSchema;
		}
		if (!this.schemaResolved) {
			this.schema = this.defaultSchema.get();
			this.schemaResolved = true;
		}
		return this.schema;
	}

	@Override
	public String table() {
		return this.table;
	}

	@Override
	public @Nullable String column(String property) {
		for (EntityColumn column : this.columns) {
			if (column.property().equals(property)) {
				return column.name();
			}
		}
		return null;
	}

	@Override
	public T read(String schema, String table, Row row) {
		return prepare(schema, table, row).get();
	}

	@Override
	public Supplier<T> prepare(String schema, String table, Row row) {
		// every value is checked now; the document, which only the converter needs, is built with the entity
		@Nullable Object[] values = new Object[this.columns.size()];
		List<EntityColumn> missing = null;
		for (int i = 0; i < values.length; i++) {
			EntityColumn column = this.columns.get(i);
			if (!row.contains(column.name())) {
				missing = (missing != null) ? missing : new ArrayList<>();
				missing.add(column);
				continue;
			}
			Object value = row.get(column.name());
			values[i] = (value != null) ? readValue(schema, table, column, value) : null;
		}
		if (missing != null) {
			throw missingColumns(schema, table, missing);
		}
		return () -> build(schema, table, values);
	}

	private T build(String schema, String table, @Nullable Object[] values) {
		RowDocument document = new RowDocument(values.length);
		for (int i = 0; i < values.length; i++) {
			document.put(this.columns.get(i).key(), values[i]);
		}
		try {
			// what readAndResolve(Class, RowDocument) does, less its per-call type lookup
			return this.converter.readAndResolve(this.typeInformation, document, Identifier.empty());
		}
		catch (RuntimeException ex) {
			throw diagnose(schema, table, document, ex);
		}
	}

	private Object readValue(String schema, String table, EntityColumn column, Object value) {
		try {
			return ReadValues.toReadValue(value, column.type().getType(),
					(decoded) -> this.converter.readValue(decoded, column.type()));
		}
		catch (RuntimeException ex) {
			// a refusal, or the conversion service's own failure (ConversionFailedException, overflow)
			throw refused(schema, table, column, value, ex);
		}
	}

	private RuntimeException diagnose(String schema, String table, RowDocument document, RuntimeException failure) {
		for (EntityColumn column : this.columns) {
			Object value = document.get(column.key());
			try {
				this.converter.readValue(value, column.type());
			}
			catch (RuntimeException ex) {
				return refused(schema, table, column, value, ex);
			}
		}
		// the failure's type only: Spring's conversion messages quote the value, and row values may be personal data
		return new EntityReadException("Cannot read a row of " + schema + "." + table + " as "
				+ this.type.getName() + ": " + failure.getClass().getName(), failure);
	}

	private EntityReadException refused(String schema, String table, EntityColumn column, @Nullable Object value,
			RuntimeException cause) {
		// the value's type only: row values may be personal data, which no message carries
		String valueType = (value != null) ? value.getClass().getName() : "null";
		return new EntityReadException("Cannot read column '" + column.name() + "' of " + schema + "." + table
				+ " into property '" + column.property() + "' (" + column.type().getType().getName() + ") of "
				+ this.type.getName() + " exactly: the row holds a " + valueType + "; " + reason(cause)
				+ ". Declare the property with the column's Java type (README, \"Java types\") or register a reading "
				+ "converter from it (JdbcCustomConversions)", cause);
	}

	// our own refusals say why without the value; a converter's message may quote it, so only its type is given
	private static String reason(RuntimeException cause) {
		for (Throwable each = cause; each != null; each = each.getCause()) {
			if (each instanceof ReadValues.ValueRefusedException refused) {
				return refused.getMessage();
			}
		}
		return "the converter refused it (" + cause.getClass().getName() + ")";
	}

	private EntityReadException missingColumns(String schema, String table, List<EntityColumn> missing) {
		return new EntityReadException("The binlog row of " + schema + "." + table + " lacks columns "
				+ missing.stream().map(EntityColumn::name).toList() + ", which " + this.type.getName()
				+ " maps (properties " + missing.stream().map(EntityColumn::property).toList() + "): the server "
				+ "logs only some columns of a row (binlog_row_image=MINIMAL or NOBLOB), and an entity is never built "
				+ "with a missing value. Set binlog_row_image=FULL on the server, or listen to the table's events "
				+ "(Row.contains tells which columns a row carries)", null);
	}

}
