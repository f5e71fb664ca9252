package io.pgcopy.arrow;

import io.pgcopy.catalog.PgType;
import io.pgcopy.catalog.TypeModifiers;

/**
 * A column to read, as the catalog (for a table) or the query's row description says.
 *
 * @param typmod the effective typmod (-1 when none)
 * @param dimensions declared array dimensions (pg_attribute.attndims; 0 when unknown)
 */
record ReadColumn(String name, PgType type, int typmod, int dimensions, boolean nullable)
        implements java.io.Serializable {
    /** The type as format_type would show it, e.g. {@code numeric(10,2)}. */
    String typeDisplay() {
        return TypeModifiers.display(type, typmod);
    }
}
