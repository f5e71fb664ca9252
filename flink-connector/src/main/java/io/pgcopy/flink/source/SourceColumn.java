package io.pgcopy.flink.source;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgColumn;
import io.pgcopy.catalog.PgType;
import io.pgcopy.catalog.TypeModifiers;
import io.pgcopy.sql.Identifiers;
import java.io.Serializable;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

/**
 * One column as the source reads it: the SELECT expression, how its binary COPY value is decoded
 * and the Flink type it becomes. Types Flink has an exact type for are decoded from PostgreSQL's
 * binary form; the others (time, whose Flink form keeps only milliseconds; interval, inet, money,
 * enums, ranges, composites, ...) are selected {@code ::text} and read as PostgreSQL prints them.
 *
 * @param decoding how one (element) value is decoded
 * @param arrayDepth 0 for a scalar, else the array's dimensions (nested Flink arrays)
 * @param pushable whether PostgreSQL compares the column's values exactly as Flink does
 * @param text whether it is a text column (ordered with {@code COLLATE "C"}, LIKE-able)
 */
public record SourceColumn(String name, String pgType, Decoding decoding, int precision, int scale, int arrayDepth,
        LogicalType type, String select, boolean pushable, boolean text) implements Serializable {

    /** How one value is decoded (binary COPY, PostgreSQL's *send functions). */
    public enum Decoding { BOOL, INT2, INT4, INT8, OID, FLOAT4, FLOAT8, NUMERIC, TEXT, BYTEA, DATE, TIMESTAMP,
        TIMESTAMPTZ, UUID, JSONB }

    /** Precision and scale an unconstrained numeric is read with (as Spark's reader does). */
    static final int UNCONSTRAINED_PRECISION = 38;
    static final int UNCONSTRAINED_SCALE = 18;

    static SourceColumn of(PgColumn c) {
        PgType t = c.type().resolved();
        int depth = 0;
        int typmod = c.effectiveTypmod();
        if (t.kind() == PgType.Kind.ARRAY) {
            depth = Math.max(1, c.dimensions());
            t = t.element().resolved();
        }
        String quoted = Identifiers.quote(c.name());
        Decoding d = t.kind() == PgType.Kind.BASE ? decoding(t.oid()) : null;
        if (d == null) {
            // read as PostgreSQL prints it: the exact ::text of the value
            LogicalType text = VarCharType.STRING_TYPE;
            return new SourceColumn(c.name(), c.typeDisplay(), Decoding.TEXT, 0, 0, depth, wrap(text, depth),
                    quoted + (depth > 0 ? "::text[]" : "::text"), false, false);
        }
        int precision = 0;
        int scale = 0;
        if (d == Decoding.NUMERIC) {
            precision = UNCONSTRAINED_PRECISION;
            scale = UNCONSTRAINED_SCALE;
            if (typmod >= 0) {
                int p = TypeModifiers.numericPrecision(typmod);
                int s = TypeModifiers.numericScale(typmod);
                if (p <= DecimalType.MAX_PRECISION && s >= 0 && s <= p) {
                    precision = p;
                    scale = s;
                }
            }
        }
        LogicalType element = type(d, precision, scale);
        boolean scalar = depth == 0;
        boolean pushable = scalar && switch (d) {
            // float comparisons differ (PostgreSQL: NaN = NaN and above all), as do uuid/jsonb/oid orderings
            case BOOL, INT2, INT4, INT8, NUMERIC, TEXT, BYTEA, DATE, TIMESTAMP, TIMESTAMPTZ -> true;
            default -> false;
        };
        boolean text = scalar && d == Decoding.TEXT && (t.oid() == Oids.TEXT || t.oid() == Oids.VARCHAR
                || t.oid() == Oids.NAME);
        if (d == Decoding.TEXT && !text) pushable = false; // bpchar pads, "char" is a byte
        return new SourceColumn(c.name(), c.typeDisplay(), d, precision, scale, depth, wrap(element, depth), quoted,
                pushable, text);
    }

    /**
     * This column read as a SQL table declares it: its own type, a DECIMAL of another precision and
     * scale for a numeric (a value that does not fit fails the read, it is never rounded), or
     * STRING for any column (then read as PostgreSQL prints it).
     */
    public SourceColumn as(LogicalType wanted) {
        if (wanted.copy(true).equals(type.copy(true))) return this;
        if (arrayDepth == 0 && decoding == Decoding.NUMERIC && wanted instanceof DecimalType d) {
            return new SourceColumn(name, pgType, decoding, d.getPrecision(), d.getScale(), 0, wanted, select,
                    pushable, false);
        }
        if (wanted.equals(VarCharType.STRING_TYPE) || wanted.copy(true).equals(VarCharType.STRING_TYPE)) {
            String quoted = Identifiers.quote(name);
            return new SourceColumn(name, pgType, Decoding.TEXT, 0, 0, 0, wanted, quoted + "::text", false, false);
        }
        throw new IllegalArgumentException("column \"" + name + "\" is " + pgType + ", which pgcopy reads as "
                + type.asSummaryString() + " (or STRING), not as " + wanted.asSummaryString());
    }

    private static Decoding decoding(int oid) {
        return switch (oid) {
            case Oids.BOOL -> Decoding.BOOL;
            case Oids.INT2 -> Decoding.INT2;
            case Oids.INT4 -> Decoding.INT4;
            case Oids.INT8 -> Decoding.INT8;
            case Oids.OID -> Decoding.OID;
            case Oids.FLOAT4 -> Decoding.FLOAT4;
            case Oids.FLOAT8 -> Decoding.FLOAT8;
            case Oids.NUMERIC -> Decoding.NUMERIC;
            case Oids.TEXT, Oids.VARCHAR, Oids.BPCHAR, Oids.NAME, Oids.JSON, Oids.XML -> Decoding.TEXT;
            case Oids.BYTEA -> Decoding.BYTEA;
            case Oids.DATE -> Decoding.DATE;
            case Oids.TIMESTAMP -> Decoding.TIMESTAMP;
            case Oids.TIMESTAMPTZ -> Decoding.TIMESTAMPTZ;
            case Oids.UUID -> Decoding.UUID;
            case Oids.JSONB -> Decoding.JSONB;
            default -> null;
        };
    }

    private static LogicalType type(Decoding d, int precision, int scale) {
        return switch (d) {
            case BOOL -> new BooleanType();
            case INT2 -> new SmallIntType();
            case INT4 -> new IntType();
            case INT8, OID -> new BigIntType();
            case FLOAT4 -> new FloatType();
            case FLOAT8 -> new DoubleType();
            case NUMERIC -> new DecimalType(precision, scale);
            case TEXT, UUID, JSONB -> VarCharType.STRING_TYPE;
            case BYTEA -> new VarBinaryType(VarBinaryType.MAX_LENGTH);
            case DATE -> new DateType();
            case TIMESTAMP -> new TimestampType(6);
            case TIMESTAMPTZ -> new LocalZonedTimestampType(6);
        };
    }

    private static LogicalType wrap(LogicalType t, int depth) {
        for (int k = 0; k < depth; k++) t = new ArrayType(t);
        return t;
    }
}
