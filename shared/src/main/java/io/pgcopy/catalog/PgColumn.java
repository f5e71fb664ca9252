package io.pgcopy.catalog;

/**
 * A column of a target table.
 *
 * @param typmod the attribute's typmod (-1 when none); see {@link #effectiveTypmod()}
 * @param dimensions declared array dimensions (pg_attribute.attndims; not enforced by PostgreSQL)
 * @param generated true for GENERATED ... STORED columns, which COPY cannot write
 */
public record PgColumn(String name, int attnum, PgType type, int typmod, boolean notNull, boolean hasDefault,
        int dimensions, boolean generated) implements java.io.Serializable {

    /** The typmod that applies to values: the column's own or its domain's. */
    public int effectiveTypmod() {
        return type.effectiveTypmod(typmod);
    }

    /** The type as format_type(oid, typmod) would show it, e.g. {@code numeric(15,2)}. */
    public String typeDisplay() {
        return TypeModifiers.display(type, effectiveTypmod());
    }
}
