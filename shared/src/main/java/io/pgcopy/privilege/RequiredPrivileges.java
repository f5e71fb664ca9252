package io.pgcopy.privilege;

import io.pgcopy.protocol.CommitMode;
import io.pgcopy.protocol.ConflictAction;
import io.pgcopy.protocol.WriteSpec;
import io.pgcopy.sql.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What each pgcopy operation needs on the server, besides the right to connect — the same for
 * every engine. Each {@link Need} says which mode or option needs it, so the error can point to a
 * mode that needs less.
 */
public final class RequiredPrivileges {
    private RequiredPrivileges() {}

    /**
     * USAGE on the schema of a schema-qualified table, which even looking the table up needs (an
     * unqualified one is found only in a schema that is usable).
     */
    public static List<Need> schemaUsage(TableName table) {
        if (table.schema() == null) return List.of();
        return List.of(Need.onSchema("USAGE", table.schema(), "using " + table + " needs USAGE on schema {}", null));
    }

    /** A write that creates its missing target first. */
    public static List<Need> tableCreation(TableName table) {
        return List.of(Need.onSchema("CREATE", table.schema(), "the table " + table + " does not exist, and creating it"
                + " needs CREATE on schema {}", "create the table beforehand and grant INSERT on it"));
    }

    /** A planned write, in its commit mode, conflict action and save mode. */
    public static List<Need> forWrite(WriteSpec spec) {
        TableName target = spec.plan().table().name();
        List<String> columns = spec.plan().columns().stream().map(p -> p.column().name()).toList();
        List<Need> needs = new ArrayList<>(schemaUsage(target));
        needs.add(Need.onTable("INSERT", target, columns, "writing into {} needs INSERT on it", null));
        String conflict = "onConflict=" + spec.onConflict().name().toLowerCase(Locale.ROOT);
        if (spec.commit() == CommitMode.JOB && spec.onConflict() == ConflictAction.ERROR) {
            needs.add(Need.onSchema("CREATE", target.schema(), "commit=job creates its staging tables in schema {}"
                    + " and needs CREATE on it", "use commit=task or commit=prepared"));
        } else if (spec.staged()) {
            needs.add(Need.onSchema("CREATE", target.schema(), conflict + " stages the rows in a table in schema {}"
                    + " and needs CREATE on it", null));
        }
        if (spec.onConflict() != ConflictAction.ERROR) {
            // ON CONFLICT (key) reads the key; DO UPDATE also reads the columns it sets
            List<String> read = spec.onConflict() == ConflictAction.UPDATE ? columns : spec.conflictColumns();
            needs.add(Need.onTable("SELECT", target, read, conflict + " looks up existing rows of {} and needs SELECT"
                    + " on it", null));
        }
        if (spec.onConflict() == ConflictAction.UPDATE) {
            List<String> set = columns.stream().filter(c -> !spec.conflictColumns().contains(c)).toList();
            if (!set.isEmpty()) {
                needs.add(Need.onTable("UPDATE", target, set, "onConflict=update updates existing rows of {} and needs"
                        + " UPDATE on it", "use onConflict=ignore"));
            }
        }
        if (spec.overwrite()) {
            needs.add(Need.onTable("TRUNCATE", target, List.of(), "mode=overwrite empties {} with TRUNCATE and needs"
                    + " TRUNCATE on it (or to own it)", "append with mode=append"));
        }
        return needs;
    }

    /** A read of a table (a query's tables are checked by the server). */
    public static List<Need> forRead(TableName table) {
        List<Need> needs = new ArrayList<>(schemaUsage(table));
        needs.add(Need.onTable("SELECT", table, List.of(), "reading {} needs SELECT on it", null));
        return needs;
    }

    /**
     * A streaming sink into {@code target}: insert-only or upsert by {@code keys}, at least once or
     * exactly once with its commit log {@code log}, which may exist already (created by an
     * administrator, {@code logDdl}) or not.
     */
    public static List<Need> forStreamSink(TableName target, List<String> columns, List<String> keys,
            boolean exactlyOnce, TableName log, boolean logExists, String logDdl) {
        List<Need> needs = new ArrayList<>(schemaUsage(target));
        needs.add(Need.onTable("INSERT", target, columns, "writing into {} needs INSERT on it", null));
        if (!keys.isEmpty()) {
            needs.add(Need.onSchema("CREATE", target.schema(), "the upsert sink stages its changes in a table in"
                    + " schema {} and needs CREATE on it", null));
            needs.add(Need.onTable("SELECT", target, columns, "the upsert sink matches rows of {} by key and needs"
                    + " SELECT on it", null));
            List<String> set = columns.stream().filter(c -> !keys.contains(c)).toList();
            if (!set.isEmpty()) {
                needs.add(Need.onTable("UPDATE", target, set, "the upsert sink updates rows of {} and needs UPDATE on"
                        + " it", null));
            }
            needs.add(Need.onTable("DELETE", target, List.of(), "the upsert sink deletes rows of {} and needs DELETE"
                    + " on it", null));
        }
        if (exactlyOnce) {
            // a commit log placed in another schema (the sink's commitLogTable option)
            if (!Objects.equals(log.schema(), target.schema())) needs.addAll(schemaUsage(log));
            if (logExists) {
                needs.add(Need.onTable("SELECT, INSERT, DELETE", log, List.of(), "exactly-once records its commits in"
                        + " {} and needs SELECT, INSERT and DELETE on it", null));
            } else {
                needs.add(Need.onSchema("CREATE", log.schema(), "exactly-once keeps its commit log in a table "
                        + log.name() + " that does not exist yet, and creating it needs CREATE on schema {}",
                        "have an administrator create it once: " + logDdl
                                + "; GRANT SELECT, INSERT, DELETE ON " + log.quoted() + " TO {user}"));
            }
        }
        return needs;
    }
}
