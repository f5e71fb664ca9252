package io.pgcopy.read;

import java.io.Serializable;

/**
 * One part of a parallel read: what it reads from (SQL of a FROM item: the table, one leaf of a
 * partitioned table, or a parenthesized query with an alias) and the condition that selects this
 * part of it (null: all of it).
 */
public record ReadSplit(int index, String from, String condition) implements Serializable {
    /** {@code SELECT <columns> FROM <relation> WHERE <split AND pushed>}; the columns are SQL already. */
    public String select(String columnsSql, String pushedCondition) {
        StringBuilder sb = new StringBuilder("SELECT ").append(columnsSql).append(" FROM ").append(from);
        String where = condition == null ? pushedCondition
                : pushedCondition == null ? condition : "(" + condition + ") AND (" + pushedCondition + ")";
        if (where != null) sb.append(" WHERE ").append(where);
        return sb.toString();
    }
}
