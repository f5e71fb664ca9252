package io.pgcopy.privilege;

import io.pgcopy.sql.TableName;
import java.util.List;

/**
 * One privilege (or a comma-separated few) that an operation needs on a schema or a table, and
 * why, so that a user lacking it is told what to grant or which mode needs less.
 *
 * @param schema the schema of a schema privilege; null: the creation schema (current_schema())
 * @param table the table of a table privilege; null for a schema privilege
 * @param columns the columns a table privilege is needed on; empty: the table as a whole
 * @param why what needs it, with {@code {}} where the schema's or table's name goes, e.g.
 *     "commit=job creates its staging tables in schema {} and needs CREATE on it"
 * @param instead what to do instead of granting it ({@code {user}} for the user's name), or null
 */
public record Need(String privilege, String schema, TableName table, List<String> columns, String why,
        String instead) {
    public Need {
        columns = List.copyOf(columns);
        if (!privilege.matches("[A-Z]+(, [A-Z]+)*")) throw new IllegalArgumentException("bad privilege: " + privilege);
    }

    public static Need onSchema(String privilege, String schema, String why, String instead) {
        return new Need(privilege, schema, null, List.of(), why, instead);
    }

    public static Need onTable(String privilege, TableName table, List<String> columns, String why, String instead) {
        return new Need(privilege, null, table, columns, why, instead);
    }

    boolean onSchema() {
        return table == null;
    }

    List<String> privileges() {
        return List.of(privilege.split(", "));
    }
}
