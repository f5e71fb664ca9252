package io.pgcopy.protocol;

import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What writers that died without cleaning up left in a database, found by pgcopy's names:
 * staging tables ({@code pgcopy_<job>_<partition>_<attempt>} of Spark's commit=job and ON CONFLICT
 * writes, {@code pgcopy_<job>_t} of the Spark catalog's CREATE/REPLACE TABLE AS SELECT,
 * {@code pgcopy_f_<sink>_<subtask>_stage} of Flink upsert sinks) and prepared transactions
 * ({@code pgcopy_<job>_<partition>_<attempt>} of commit=prepared, {@code pgcopy_f_<sink>_<subtask>_<n>}
 * of Flink exactly-once sinks). Flink's commit log tables ({@code pgcopy_commit_log} or the sink's
 * {@code commitLogTable}) are not leftovers: a restarted exactly-once sink needs them; they are
 * found by their columns and dropped only by name. Nothing here can tell a dead job from a running
 * one, so run it when no pgcopy job writes to the database; a table another session holds a lock on
 * is reported and left alone.
 */
public final class Leftovers {
    /** A staging table name of a Spark or Flink write (a POSIX regex for PostgreSQL's {@code ~}). */
    public static final String STAGE_PATTERN = "^pgcopy_([0-9a-z]{1,32}_[0-9]+_[0-9]+|[0-9a-z]{1,32}_t|f_[a-z0-9_]{1,40}_[0-9]+_stage)$";
    /** A gid of a Spark commit=prepared task or a Flink exactly-once checkpoint transaction. */
    public static final String GID_PATTERN = "^pgcopy_([0-9a-z]{1,32}_[0-9]+_[0-9]+|f_[a-z0-9_]{1,40}_[0-9]+_[0-9]+)$";

    private Leftovers() {}

    /** A prepared transaction: rolled back only from a connection to its own database. */
    public record Prepared(String gid, String database, String owner, Instant prepared) {}

    /**
     * What was found.
     *
     * @param busyStages stages a live session holds a lock on: in use, left alone
     * @param elsewhere pgcopy's prepared transactions in other databases of the server
     */
    public record Found(List<TableName> stages, List<TableName> busyStages, List<Prepared> prepared,
            List<Prepared> elsewhere) {
        public boolean isEmpty() {
            return stages.isEmpty() && prepared.isEmpty();
        }
    }

    public static Found find(Connection c) throws SQLException {
        List<TableName> stages = new ArrayList<>();
        List<TableName> busy = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT n.nspname, c.relname, EXISTS (SELECT 1 FROM pg_catalog.pg_locks l WHERE l.relation = c.oid"
                        + " AND l.pid IS NOT NULL AND l.pid <> pg_backend_pid()) FROM pg_catalog.pg_class c"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                        + " AND c.relname ~ " + Identifiers.literal(STAGE_PATTERN) + " ORDER BY 1, 2")) {
            while (rs.next()) (rs.getBoolean(3) ? busy : stages).add(new TableName(rs.getString(1), rs.getString(2)));
        }
        List<Prepared> here = new ArrayList<>();
        List<Prepared> elsewhere = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT gid, database, owner, prepared, database = current_database() FROM pg_catalog.pg_prepared_xacts"
                        + " WHERE gid ~ " + Identifiers.literal(GID_PATTERN) + " ORDER BY database, gid")) {
            while (rs.next()) {
                Prepared p = new Prepared(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant());
                (rs.getBoolean(5) ? here : elsewhere).add(p);
            }
        }
        return new Found(stages, busy, here, elsewhere);
    }

    /** The columns (name and type) that make a table an exactly-once commit log, whatever its name. */
    private static final String COMMIT_LOG_COLUMNS = "ARRAY['prefix text', 'n bigint', 'committed_at timestamp with time zone']";

    /** The tables with exactly a commit log's columns, in any schema. */
    public static List<TableName> commitLogs(Connection c) throws SQLException {
        List<TableName> logs = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                        + " ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND " + COMMIT_LOG_COLUMNS
                        + " = (SELECT array_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ORDER BY"
                        + " a.attnum) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0"
                        + " AND NOT a.attisdropped) ORDER BY 1, 2")) {
            while (rs.next()) logs.add(new TableName(rs.getString(1), rs.getString(2)));
        }
        return logs;
    }

    /**
     * Rolls back the prepared transactions first (they may hold locks on a stage), then drops the
     * stages, each on its own under {@code lockTimeout} (see {@link BoundedDrop}) so that a stage
     * taken meanwhile is reported rather than waited for.
     *
     * @return what could not be removed, each as "prepared transaction GID: reason" or "table NAME: reason"
     */
    public static List<String> remove(Connection c, Found found, String lockTimeout) {
        BoundedDrop drop = BoundedDrop.on(c, lockTimeout);
        for (Prepared p : found.prepared()) drop.rollbackPrepared(p.gid());
        for (TableName stage : found.stages()) drop.dropTable(stage);
        return drop.failures();
    }
}
