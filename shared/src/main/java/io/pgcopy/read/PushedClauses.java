package io.pgcopy.read;

import java.io.Serializable;
import java.util.List;

/**
 * What follows the WHERE of a pushed-down SELECT: GROUP BY, ORDER BY, LIMIT, OFFSET (SQL made by
 * {@link PushdownSql}; null or empty for none).
 */
public record PushedClauses(List<String> groupBy, List<String> orderBy, Integer limit, Integer offset)
        implements Serializable {
    public static final PushedClauses NONE = new PushedClauses(List.of(), List.of(), null, null);

    public PushedClauses {
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    }

    /** The clauses as SQL with a leading space, or "" when there are none. */
    public String sql() {
        StringBuilder sb = new StringBuilder();
        if (!groupBy.isEmpty()) sb.append(" GROUP BY ").append(String.join(", ", groupBy));
        if (!orderBy.isEmpty()) sb.append(" ORDER BY ").append(String.join(", ", orderBy));
        if (limit != null) sb.append(" LIMIT ").append(limit);
        if (offset != null) sb.append(" OFFSET ").append(offset);
        return sb.toString();
    }
}
