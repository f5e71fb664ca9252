package io.pgcopy.catalog;

import io.pgcopy.sql.TableName;
import java.util.List;
import java.util.Optional;

/** A target table: its resolved name and its columns in attnum order. */
public record PgTable(TableName name, long relationOid, List<PgColumn> columns) implements java.io.Serializable {
    public PgTable {
        columns = List.copyOf(columns);
    }

    public Optional<PgColumn> column(String exactName) {
        return columns.stream().filter(c -> c.name().equals(exactName)).findFirst();
    }
}
