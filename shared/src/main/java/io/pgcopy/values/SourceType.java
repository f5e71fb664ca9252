package io.pgcopy.values;

import java.util.Objects;

/** The engine-neutral type of a source field: what an engine value is, not what the target wants. */
public final class SourceType implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public enum Kind {
        BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL,
        /** UTF-8 text. */
        STRING,
        /** UTF-8 text that already is JSON (an engine serialized a map or struct). */
        JSON,
        BINARY,
        DATE, TIME,
        /** A zone-less wall-clock timestamp (Spark TimestampNTZ, Flink TIMESTAMP). */
        TIMESTAMP,
        /** An instant (Spark Timestamp, Flink TIMESTAMP_LTZ). */
        TIMESTAMP_LTZ,
        INTERVAL_YEAR_MONTH, INTERVAL_DAY_TIME, INTERVAL,
        ARRAY
    }

    public static final SourceType BOOLEAN = new SourceType(Kind.BOOLEAN, 0, 0, null, false);
    public static final SourceType BYTE = new SourceType(Kind.BYTE, 0, 0, null, false);
    public static final SourceType SHORT = new SourceType(Kind.SHORT, 0, 0, null, false);
    public static final SourceType INT = new SourceType(Kind.INT, 0, 0, null, false);
    public static final SourceType LONG = new SourceType(Kind.LONG, 0, 0, null, false);
    public static final SourceType FLOAT = new SourceType(Kind.FLOAT, 0, 0, null, false);
    public static final SourceType DOUBLE = new SourceType(Kind.DOUBLE, 0, 0, null, false);
    public static final SourceType STRING = new SourceType(Kind.STRING, 0, 0, null, false);
    public static final SourceType JSON = new SourceType(Kind.JSON, 0, 0, null, false);
    public static final SourceType BINARY = new SourceType(Kind.BINARY, 0, 0, null, false);
    public static final SourceType DATE = new SourceType(Kind.DATE, 0, 0, null, false);
    public static final SourceType TIME = new SourceType(Kind.TIME, 0, 0, null, false);
    public static final SourceType TIMESTAMP = new SourceType(Kind.TIMESTAMP, 0, 0, null, false);
    public static final SourceType TIMESTAMP_LTZ = new SourceType(Kind.TIMESTAMP_LTZ, 0, 0, null, false);
    public static final SourceType INTERVAL_YEAR_MONTH = new SourceType(Kind.INTERVAL_YEAR_MONTH, 0, 0, null, false);
    public static final SourceType INTERVAL_DAY_TIME = new SourceType(Kind.INTERVAL_DAY_TIME, 0, 0, null, false);
    public static final SourceType INTERVAL = new SourceType(Kind.INTERVAL, 0, 0, null, false);

    private final Kind kind;
    private final int precision;
    private final int scale;
    private final SourceType element;
    private final boolean elementNullable;

    private SourceType(Kind kind, int precision, int scale, SourceType element, boolean elementNullable) {
        this.kind = kind;
        this.precision = precision;
        this.scale = scale;
        this.element = element;
        this.elementNullable = elementNullable;
    }

    public static SourceType decimal(int precision, int scale) {
        if (precision < 1) throw new IllegalArgumentException("decimal precision must be >= 1: " + precision);
        return new SourceType(Kind.DECIMAL, precision, scale, null, false);
    }

    public static SourceType array(SourceType element, boolean elementNullable) {
        return new SourceType(Kind.ARRAY, 0, 0, Objects.requireNonNull(element), elementNullable);
    }

    public Kind kind() {
        return kind;
    }

    public int precision() {
        return precision;
    }

    public int scale() {
        return scale;
    }

    /** The element type of an ARRAY. */
    public SourceType element() {
        return element;
    }

    public boolean elementNullable() {
        return elementNullable;
    }

    /** Nesting depth of an ARRAY (a 2-D array is an array of arrays); 0 for scalars. */
    public int arrayDepth() {
        return kind == Kind.ARRAY ? 1 + element.arrayDepth() : 0;
    }

    /** The innermost non-array type. */
    public SourceType leaf() {
        return kind == Kind.ARRAY ? element.leaf() : this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceType t && kind == t.kind && precision == t.precision && scale == t.scale
                && elementNullable == t.elementNullable && Objects.equals(element, t.element);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, precision, scale, element, elementNullable);
    }

    @Override
    public String toString() {
        switch (kind) {
            case DECIMAL:
                return "DECIMAL(" + precision + "," + scale + ")";
            case ARRAY:
                return "ARRAY<" + element + ">";
            default:
                return kind.name();
        }
    }
}
