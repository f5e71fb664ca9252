package io.pgcopy.mapping;

import io.pgcopy.catalog.PgColumn;
import io.pgcopy.catalog.PgType;
import io.pgcopy.values.SourceField;
import java.io.Serializable;

/**
 * One COPY column: the target column, the source field that feeds it and the type it is encoded
 * as (the catalog's, or an override's).
 */
public record PlannedColumn(PgColumn column, int sourceIndex, SourceField source, PgType type, int typmod)
        implements Serializable {
    public String typeDisplay() {
        return io.pgcopy.catalog.TypeModifiers.display(type, type.effectiveTypmod(typmod));
    }
}
