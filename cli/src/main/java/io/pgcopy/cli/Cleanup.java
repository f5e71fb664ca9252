package io.pgcopy.cli;

import io.pgcopy.protocol.BoundedDrop;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.protocol.Leftovers;
import io.pgcopy.sql.TableName;
import java.io.PrintStream;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code pgcopy cleanup}: removes the staging tables and prepared transactions dead pgcopy jobs left. */
final class Cleanup {
    static final String USAGE = """
            usage: pgcopy cleanup --url URL [--dry-run]

            Lists and removes what pgcopy writers that were killed before they could clean up
            left in the database: staging tables (pgcopy_<job>_<partition>_<attempt> of Spark
            commit=job and on-conflict writes, pgcopy_f_<sink>_<subtask>_stage of Flink upsert
            sinks, in any schema) and prepared transactions (gids pgcopy_<job>_<p>_<a> of
            commit=prepared, pgcopy_f_<sink>_<subtask>_<n> of Flink exactly-once sinks). Run it
            only when no pgcopy job writes to this database: a running job's objects look the
            same. Tables another session holds a lock on are reported and left alone; Flink's
            pgcopy_commit_log is kept. Prepared transactions of other databases are listed
            (connect to those to remove them).

              --url URL          jdbc:postgresql://host:port/db (default: $PGCOPY_URL)
              --user U           (default: $PGCOPY_USER, or user= in the URL)
              --password P       (default: $PGCOPY_PASSWORD, or password= in the URL)
              --dry-run          only list what would be removed

            Exit code 0 when everything found was removed (or --dry-run), 1 otherwise.
            """;

    private final Database database;
    private final boolean dryRun;
    private final PrintStream out;

    Cleanup(Database database, boolean dryRun, PrintStream out) {
        this.database = database;
        this.dryRun = dryRun;
        this.out = out;
    }

    static Cleanup parse(String[] argv, Map<String, String> env, PrintStream out) {
        Args args = Args.parse("cleanup", argv, Set.of("--url", "--user", "--password"), Set.of("--dry-run"));
        if (!args.positional().isEmpty()) throw new IllegalArgumentException("unexpected argument '" + args.positional().get(0) + "'");
        return new Cleanup(Database.from(args, "--url", true, env), args.flag("--dry-run"), out);
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
            if (found.isEmpty()) out.println("  nothing to remove");
            if (dryRun || found.isEmpty()) return 0;
            List<String> failures = Leftovers.remove(c, found, BoundedDrop.lockTimeoutOf(spec));
            failures.forEach(f -> out.println("  FAILED: " + f));
            out.printf("Removed %d prepared transaction(s) and %d staging table(s)%s.%n",
                    found.prepared().size() - count(failures, "prepared"), found.stages().size() - count(failures, "table"),
                    failures.isEmpty() ? "" : "; " + failures.size() + " could not be removed");
            return failures.isEmpty() ? 0 : 1;
        }
    }

    private static int count(List<String> failures, String kind) {
        return (int) failures.stream().filter(f -> f.startsWith(kind)).count();
    }
}
