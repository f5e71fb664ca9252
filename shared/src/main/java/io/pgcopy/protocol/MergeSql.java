package io.pgcopy.protocol;

import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.util.ArrayList;
import java.util.List;

/** The SQL that moves staged rows into the target, with PostgreSQL's ON CONFLICT for upserts. */
final class MergeSql {
    /** The identity column of a stage: the order rows arrived in, so that the last of a key wins. */
    static final String ORDINAL = "__pgcopy_ord";

    private MergeSql() {}

    static String createStage(TableName stage, TableName target, List<String> columns) {
        return "CREATE UNLOGGED TABLE " + stage.quoted() + " AS SELECT " + Identifiers.quoteList(columns) + " FROM "
                + target.quoted() + " WITH NO DATA";
    }

    static String addOrdinal(TableName stage) {
        return "ALTER TABLE " + stage.quoted() + " ADD COLUMN " + Identifiers.quote(ORDINAL)
                + " bigint GENERATED ALWAYS AS IDENTITY";
    }

    /**
     * {@code INSERT INTO target (cols) SELECT cols FROM stages}; with a conflict action, rows are
     * first reduced to the last one per key (later stage, then later row), because ON CONFLICT DO
     * UPDATE cannot touch one row twice in a statement.
     */
    static String insertFromStages(TableName target, List<String> columns, List<TableName> stages,
            ConflictAction action, List<String> keys) {
        String cols = Identifiers.quoteList(columns);
        StringBuilder union = new StringBuilder();
        for (int s = 0; s < stages.size(); s++) {
            if (s > 0) union.append(" UNION ALL ");
            union.append("SELECT ").append(cols);
            if (action != ConflictAction.ERROR) {
                union.append(", ").append(s).append(" AS __pgcopy_stage, ").append(Identifiers.quote(ORDINAL));
            }
            union.append(" FROM ").append(stages.get(s).quoted());
        }
        String insert = "INSERT INTO " + target.quoted() + " (" + cols + ") ";
        if (action == ConflictAction.ERROR) return insert + union;
        String keyList = Identifiers.quoteList(keys);
        String select = "SELECT " + cols + " FROM (SELECT DISTINCT ON (" + keyList + ") * FROM (" + union
                + ") u ORDER BY " + keyList + ", __pgcopy_stage DESC, " + Identifiers.quote(ORDINAL) + " DESC) d";
        return insert + select + " ON CONFLICT (" + keyList + ") " + conflictClause(columns, action, keys);
    }

    private static String conflictClause(List<String> columns, ConflictAction action, List<String> keys) {
        List<String> updates = new ArrayList<>();
        for (String c : columns) {
            if (!keys.contains(c)) updates.add(Identifiers.quote(c) + " = EXCLUDED." + Identifiers.quote(c));
        }
        if (action == ConflictAction.IGNORE || updates.isEmpty()) return "DO NOTHING";
        return "DO UPDATE SET " + String.join(", ", updates);
    }

    static String drop(TableName table) {
        return "DROP TABLE IF EXISTS " + table.quoted();
    }
}
