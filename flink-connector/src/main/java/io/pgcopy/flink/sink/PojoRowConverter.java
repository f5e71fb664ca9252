package io.pgcopy.flink.sink;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * A plain Java object as a row: each public instance field and each public bean getter
 * ({@code getX()}, {@code isX()}) is a column named after the field or property. Java types map to
 * Flink types as the Table API maps them — {@code boolean}, {@code byte} → TINYINT, {@code short},
 * {@code int}, {@code long}, {@code float}, {@code double}, {@code String}, {@code byte[]} → BYTES,
 * {@link BigDecimal} → DECIMAL(38,18), {@link LocalDate}, {@link LocalTime} → TIME(3),
 * {@link LocalDateTime} → TIMESTAMP(9), {@link Instant} → TIMESTAMP_LTZ(9); {@link UUID} and enums
 * go as their text. A value these types would change (a decimal beyond DECIMAL(38,18), a time
 * below milliseconds) fails the row instead of being rounded.
 */
final class PojoRowConverter<T> implements RowConverter<T> {
    private static final long serialVersionUID = 1L;
    private static final BigDecimal DECIMAL_LIMIT = BigDecimal.TEN.pow(20);

    private final Class<T> type;
    private final ExternalRowConverter rows;
    private transient List<Property> properties;

    PojoRowConverter(Class<T> type) {
        this.type = type;
        List<Property> found = properties(type);
        if (found.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no public fields or getters to write");
        }
        this.rows = new ExternalRowConverter(DataTypes.ROW(found.stream()
                .map(p -> DataTypes.FIELD(p.name, p.dataType)).toArray(DataTypes.Field[]::new)));
    }

    @Override
    public RowType rowType() {
        return rows.rowType();
    }

    @Override
    public RowData toRowData(T element) {
        if (properties == null) properties = properties(type);
        Row row = new Row(properties.size());
        for (int i = 0; i < properties.size(); i++) {
            row.setField(i, properties.get(i).read(element));
        }
        return rows.toRowData(row);
    }

    private static List<Property> properties(Class<?> type) {
        Map<String, Property> byName = new LinkedHashMap<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) byName.putIfAbsent(f.getName(), new Property(f.getName(), f, null));
        }
        Method[] methods = type.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method m : methods) {
            String property = propertyName(m);
            if (property != null) byName.putIfAbsent(property, new Property(property, null, m));
        }
        return new ArrayList<>(byName.values());
    }

    private static String propertyName(Method m) {
        if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) {
            return null;
        }
        String n = m.getName();
        int prefix = n.startsWith("get") ? 3 : n.startsWith("is") && (m.getReturnType() == boolean.class
                || m.getReturnType() == Boolean.class) ? 2 : 0;
        if (prefix == 0 || n.length() == prefix) return null;
        return Character.toLowerCase(n.charAt(prefix)) + n.substring(prefix + 1);
    }

    /** One column: how to read it from the object and its Flink type. */
    private static final class Property {
        final String name;
        final Field field;
        final Method getter;
        final Class<?> javaType;
        final DataType dataType;

        Property(String name, Field field, Method getter) {
            this.name = name;
            this.field = field;
            this.getter = getter;
            this.javaType = field != null ? field.getType() : getter.getReturnType();
            this.dataType = dataType(javaType, name, (field != null ? field.getDeclaringClass() : getter.getDeclaringClass()));
        }

        Object read(Object element) {
            Object v;
            try {
                v = field != null ? field.get(element) : getter.invoke(element);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + name + " of " + element.getClass().getName(), e);
            }
            if (v == null) return null;
            if (v instanceof UUID || v instanceof Enum<?>) return v instanceof Enum<?> e ? e.name() : v.toString();
            if (v instanceof BigDecimal d && (d.stripTrailingZeros().scale() > 18 || d.abs().compareTo(DECIMAL_LIMIT) >= 0)) {
                throw new IllegalArgumentException("field " + name + " = " + d.toPlainString()
                        + " does not fit DECIMAL(38,18) (at most 20 integer and 18 fraction digits)");
            }
            if (v instanceof LocalTime t && t.getNano() % 1_000_000 != 0) {
                throw new IllegalArgumentException("field " + name + " = " + t
                        + " has sub-millisecond digits, which Flink's TIME drops");
            }
            return v;
        }

        private static DataType dataType(Class<?> t, String name, Class<?> owner) {
            if (t == boolean.class || t == Boolean.class) return nullable(DataTypes.BOOLEAN(), t);
            if (t == byte.class || t == Byte.class) return nullable(DataTypes.TINYINT(), t);
            if (t == short.class || t == Short.class) return nullable(DataTypes.SMALLINT(), t);
            if (t == int.class || t == Integer.class) return nullable(DataTypes.INT(), t);
            if (t == long.class || t == Long.class) return nullable(DataTypes.BIGINT(), t);
            if (t == float.class || t == Float.class) return nullable(DataTypes.FLOAT(), t);
            if (t == double.class || t == Double.class) return nullable(DataTypes.DOUBLE(), t);
            if (t == String.class || t == UUID.class || t.isEnum()) return DataTypes.STRING();
            if (t == byte[].class) return DataTypes.BYTES();
            if (t == BigDecimal.class) return DataTypes.DECIMAL(38, 18);
            if (t == LocalDate.class) return DataTypes.DATE();
            if (t == LocalTime.class) return DataTypes.TIME(3);
            if (t == LocalDateTime.class) return DataTypes.TIMESTAMP(9);
            if (t == Instant.class) return DataTypes.TIMESTAMP_LTZ(9);
            throw new IllegalArgumentException(owner.getName() + "." + name + " is a " + t.getName()
                    + ", which RowConverter.pojo cannot write; use a RowConverter of your own for it");
        }

        private static DataType nullable(DataType type, Class<?> javaType) {
            return javaType.isPrimitive() ? type.notNull() : type;
        }
    }
}
