package io.pgcopy.flink.lookup;

import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import java.io.Serializable;
import org.apache.flink.table.types.logical.RowType;

/**
 * What a lookup reads: the table and the columns the join needs (after projection), by name.
 *
 * @param rowType the produced row: one field per column read, named like the column
 * @param where SQL of the filters pushed into the table source (null: none); every lookup obeys it
 */
public record LookupSource(ConnectionSpec connection, TableName table, RowType rowType, String where)
        implements Serializable {
    /** {@code where} as a conjunct to add to a condition, or "" without one. */
    String andWhere() {
        return where == null ? "" : " AND (" + where + ")";
    }

    /** {@code where} as a WHERE clause, or "" without one. */
    String whereClause() {
        return where == null ? "" : " WHERE " + where;
    }
}
