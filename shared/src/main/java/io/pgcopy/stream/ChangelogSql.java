package io.pgcopy.stream;

import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a changelog staged in a table to its target: the stage holds the target's columns plus
 * a delete flag and the arrival order; the last change of each key wins — a delete removes the
 * row, an insert or update is upserted with {@code ON CONFLICT (key) DO UPDATE}.
 */
public final class ChangelogSql {
    /** The stage column marking a delete. */
    public static final String DELETE_FLAG = "__pgcopy_delete";
    private static final String ORDINAL = "__pgcopy_ord";

    private ChangelogSql() {}

    /** An UNLOGGED stage shaped like the target's {@code columns}, with the flag and the order. */
    public static List<String> createStage(TableName stage, TableName target, List<String> columns) {
        return List.of("CREATE UNLOGGED TABLE IF NOT EXISTS " + stage.quoted() + " AS SELECT "
                + Identifiers.quoteList(columns) + ", false AS " + Identifiers.quote(DELETE_FLAG) + " FROM "
                + target.quoted() + " WITH NO DATA",
                "ALTER TABLE " + stage.quoted() + " ADD COLUMN IF NOT EXISTS " + Identifiers.quote(ORDINAL)
                        + " bigint GENERATED ALWAYS AS IDENTITY");
    }

    /**
     * The statements that apply and then empty the stage, in one transaction with the COPY. They
     * first wait for any earlier transaction into the stage to end: under exactly-once the previous
     * checkpoint's stays prepared until its commit, and a delete cannot see (nor wait for) a row that
     * transaction inserted, so that row would otherwise outlive its delete.
     */
    public static List<String> apply(TableName stage, TableName target, List<String> columns, List<String> keys) {
        String keyList = Identifiers.quoteList(keys);
        String last = "(SELECT DISTINCT ON (" + keyList + ") * FROM " + stage.quoted() + " ORDER BY " + keyList + ", "
                + Identifiers.quote(ORDINAL) + " DESC) AS last";
        List<String> match = new ArrayList<>();
        for (String k : keys) match.add("t." + Identifiers.quote(k) + " = last." + Identifiers.quote(k));
        List<String> updates = new ArrayList<>();
        for (String c : columns) {
            if (!keys.contains(c)) updates.add(Identifiers.quote(c) + " = EXCLUDED." + Identifiers.quote(c));
        }
        String cols = Identifiers.quoteList(columns);
        return List.of(
                // SHARE ROW EXCLUSIVE conflicts with the ROW EXCLUSIVE lock an earlier stage write still holds
                "LOCK TABLE " + stage.quoted() + " IN SHARE ROW EXCLUSIVE MODE",
                "DELETE FROM " + target.quoted() + " AS t USING " + last + " WHERE last."
                        + Identifiers.quote(DELETE_FLAG) + " AND " + String.join(" AND ", match),
                "INSERT INTO " + target.quoted() + " (" + cols + ") SELECT " + cols + " FROM " + last + " WHERE NOT last."
                        + Identifiers.quote(DELETE_FLAG) + " ON CONFLICT (" + keyList + ") DO "
                        + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updates)),
                "DELETE FROM " + stage.quoted());
    }
}
