package io.pgcopy.cli;

import io.pgcopy.protocol.BoundedDrop;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.protocol.Leftovers;
import io.pgcopy.sql.TableName;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code pgcopy cleanup}: removes the staging tables and prepared transactions dead pgcopy jobs left. */
final class Cleanup {
    static final String USAGE = """
            usage: pgcopy cleanup --url URL [--dry-run] [--drop-commit-log TABLE]

            Lists and removes what pgcopy writers that were killed before they could clean up
            left in the database: staging tables (pgcopy_<job>_<partition>_<attempt> of Spark
            commit=job and on-conflict writes, pgcopy_f_<sink>_<subtask>_stage of Flink upsert
            sinks, in any schema) and prepared transactions (gids pgcopy_<job>_<p>_<a> of
            commit=prepared, pgcopy_f_<sink>_<subtask>_<n> of Flink exactly-once sinks). Run it
            only when no pgcopy job writes to this database: a running job's objects look the
            same. Tables another session holds a lock on are reported and left alone. The commit
            logs of Flink exactly-once sinks (pgcopy_commit_log, or the table of the sink's
            commitLogTable / sink.commit-log-table option; found by their columns) are listed and
            kept: a restarted sink needs its log. Prepared transactions of other databases are
            listed (connect to those to remove them).

              --url URL          jdbc:postgresql://host:port/db (default: $PGCOPY_URL)
              --user U           (default: $PGCOPY_USER, or user= in the URL)
              --password P       (default: $PGCOPY_PASSWORD, or password= in the URL)
              --dry-run          only list what would be removed
              --drop-commit-log TABLE
                                 also drop this commit log (schema-qualified as PostgreSQL
                                 parses it), once no exactly-once sink will restart from it

            Exit code 0 when everything found was removed (or --dry-run), 1 otherwise.
            """;

    private final Database database;
    private final boolean dryRun;
    private final PrintStream out;
    private final TableName dropCommitLog;

    Cleanup(Database database, boolean dryRun, PrintStream out, TableName dropCommitLog) {
        this.database = database;
        this.dryRun = dryRun;
        this.out = out;
        this.dropCommitLog = dropCommitLog;
    }

    static Cleanup parse(String[] argv, Map<String, String> env, PrintStream out) {
        Args args = Args.parse("cleanup", argv, Set.of("--url", "--user", "--password",
                "--drop-commit-log"), Set.of("--dry-run"));
        if (!args.positional().isEmpty()) throw new IllegalArgumentException("unexpected argument '" + args.positional().get(0) + "'");
        return new Cleanup(Database.from(args, "--url", true, env), args.flag("--dry-run"), out,
                args.value("--drop-commit-log").map(TableName::parse).orElse(null));
    }

    int run() throws Exception {
        ConnectionSpec spec = database.connection();
        try (Connection c = spec.open()) {
            Leftovers.Found found = Leftovers.find(c);
            String verb = dryRun ? "would " : "";
            out.println("pgcopy leftovers in " + database.display() + ":");
            for (Leftovers.Prepared p : found.prepared()) {
                out.println("  " + verb + "roll back prepared transaction " + p.gid() + " (prepared " + p.prepared()
                        + " by " + p.owner() + ")");
            }
            for (TableName t : found.stages()) out.println("  " + verb + "drop staging table " + t.quoted());
            for (TableName t : found.busyStages()) out.println("  left alone (locked by a live session): " + t.quoted());
            for (Leftovers.Prepared p : found.elsewhere()) {
                out.println("  in database " + p.database() + " (connect to it to remove): prepared transaction " + p.gid());
            }
            List<TableName> logs = Leftovers.commitLogs(c);
            TableName dropLog = dropCommitLog == null ? null : commitLogNamed(c, logs);
            for (TableName t : logs) {
                out.println(t.equals(dropLog) ? "  " + verb + "drop commit log " + t.quoted()
                        : "  kept: commit log " + t.quoted() + " (remove with --drop-commit-log once no sink restarts from it)");
            }
            if (found.isEmpty() && dropLog == null) out.println("  nothing to remove");
            if (dryRun || (found.isEmpty() && dropLog == null)) return 0;
            List<String> failures = Leftovers.remove(c, found, BoundedDrop.lockTimeoutOf(spec));
            failures.forEach(f -> out.println("  FAILED: " + f));
            // after the rollbacks: a prepared transaction holds a lock on the log it wrote to
            List<String> logFailures = dropLog == null ? List.of() : dropLog(c, spec, dropLog);
            logFailures.forEach(f -> out.println("  FAILED: " + f));
            out.printf("Removed %d prepared transaction(s) and %d staging table(s)%s%s.%n",
                    found.prepared().size() - count(failures, "prepared"), found.stages().size() - count(failures, "table"),
                    dropLog != null && logFailures.isEmpty() ? " and commit log " + dropLog.quoted() : "",
                    failures.isEmpty() && logFailures.isEmpty() ? ""
                            : "; " + (failures.size() + logFailures.size()) + " could not be removed");
            return failures.isEmpty() && logFailures.isEmpty() ? 0 : 1;
        }
    }

    /** The commit log --drop-commit-log names; refuses a table that is not one. */
    private TableName commitLogNamed(Connection c, List<TableName> logs) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT n.nspname, c.relname FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
            s.setString(1, dropCommitLog.quoted());
            try (ResultSet rs = s.executeQuery()) {
                TableName t = rs.next() ? new TableName(rs.getString(1), rs.getString(2)) : null;
                if (t == null || !logs.contains(t)) {
                    throw new IllegalArgumentException("--drop-commit-log " + dropCommitLog + ": "
                            + (t == null ? "no such table" : "not a commit log (columns prefix, n, committed_at)"));
                }
                return t;
            }
        }
    }

    private static List<String> dropLog(Connection c, ConnectionSpec spec, TableName log) {
        BoundedDrop drop = BoundedDrop.on(c, BoundedDrop.lockTimeoutOf(spec));
        drop.dropTable(log);
        return drop.failures();
    }

    private static int count(List<String> failures, String kind) {
        return (int) failures.stream().filter(f -> f.startsWith(kind)).count();
    }
}
