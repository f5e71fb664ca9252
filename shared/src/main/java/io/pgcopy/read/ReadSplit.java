package io.pgcopy.read;

import io.pgcopy.sql.TableName;
import java.io.Serializable;

/**
 * One part of a parallel read: a physical relation (the table, or one leaf of a partitioned table)
 * and the condition that selects this part of it (null: all of it).
 */
public record ReadSplit(int index, TableName relation, String condition) implements Serializable {
    /** {@code SELECT <columns> FROM <relation> WHERE <split AND pushed>}; the columns are SQL already. */
    public String select(String columnsSql, String pushedCondition) {
        StringBuilder sb = new StringBuilder("SELECT ").append(columnsSql).append(" FROM ").append(relation.quoted());
        String where = condition == null ? pushedCondition
                : pushedCondition == null ? condition : "(" + condition + ") AND (" + pushedCondition + ")";
        if (where != null) sb.append(" WHERE ").append(where);
        return sb.toString();
    }
}
