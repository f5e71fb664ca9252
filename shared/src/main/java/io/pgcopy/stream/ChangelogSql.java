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
    /** The first key of the advisory lock of a stage's applies (the second is its name's hash). */
    private static final int APPLY_LOCK_CLASS = 0x70676370; // "pgcp"

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
     * first wait for any earlier apply of this stage to end: under exactly-once the previous
     * checkpoint's transaction stays prepared until its commit, and a delete cannot see (nor wait
     * for) a row that transaction inserted, so that row would otherwise outlive its delete. The
     * wait is a transaction-level advisory lock, which a prepared transaction keeps: a table lock
     * strong enough would also stop the next COPY into the stage, with no lock timeout there.
     */
    public static List<String> apply(TableName stage, TableName target, List<String> columns, List<String> keys) {
        List<String> all = new ArrayList<>();
        all.add(applyLock(stage, true));
        all.addAll(changes(stage, target, columns, keys));
        return all;
    }

    /**
     * The advisory lock {@link #apply} waits for; {@code wait=false}: a query answering whether it
     * got the lock, for a writer that polls so that a cancelled task stops waiting at once.
     */
    public static String applyLock(TableName stage, boolean wait) {
        return "SELECT pg_" + (wait ? "" : "try_") + "advisory_xact_lock(" + APPLY_LOCK_CLASS + ", hashtext("
                + Identifiers.literal(stage.quoted()) + "))";
    }

    /** {@link #apply} without its lock: the changes, then the stage emptied. */
    public static List<String> changes(TableName stage, TableName target, List<String> columns, List<String> keys) {
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
                "DELETE FROM " + target.quoted() + " AS t USING " + last + " WHERE last."
                        + Identifiers.quote(DELETE_FLAG) + " AND " + String.join(" AND ", match),
                "INSERT INTO " + target.quoted() + " (" + cols + ") SELECT " + cols + " FROM " + last + " WHERE NOT last."
                        + Identifiers.quote(DELETE_FLAG) + " ON CONFLICT (" + keyList + ") DO "
                        + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updates)),
                "DELETE FROM " + stage.quoted());
    }
}
