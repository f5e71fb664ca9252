package io.pgcopy.stream;

import io.pgcopy.protocol.JobCommitter;
import io.pgcopy.protocol.TaskResult;
import io.pgcopy.protocol.WriteSpec;
import io.pgcopy.sql.TableName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Exactly-once micro-batch streaming writes (Spark Structured Streaming): every epoch's tasks stage
 * their rows as a {@code commit=job} write does, and the epoch commit inserts {@code (query id, epoch)}
 * into this log in the very transaction that moves the rows. A streaming engine replays an epoch
 * whose commit it did not record (a crash after the database commit but before the engine's own
 * commit log): the log's primary key then refuses the row, the transaction is rolled back and the
 * replay's stages are dropped, so its rows arrive once. The key is the persistent query id, which a
 * restart from the same checkpoint keeps; rows of other queries are never read or touched, except
 * that each query keeps only its last {@link #KEEP} epochs.
 */
public final class EpochCommitLog implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The log's default name, in the target's schema. */
    public static final String DEFAULT_TABLE = "pgcopy_streaming_commits";
    /** Epochs kept per query: an engine replays only its last uncommitted one. */
    static final int KEEP = 20;

    private final TableName table;
    private final String queryId;
    private final String queryKey;

    public EpochCommitLog(TableName table, String queryId) {
        this.table = table;
        this.queryId = queryId;
        this.queryKey = queryKey(queryId);
    }

    /** The log named by an option ({@code [schema.]table}, PostgreSQL's quoting), else the default beside {@code target}. */
    public static TableName table(TableName target, String option) {
        return option == null || option.isBlank() ? new TableName(target.schema(), DEFAULT_TABLE) : TableName.parse(option);
    }

    public TableName table() {
        return table;
    }

    public String queryId() {
        return queryId;
    }

    /** The log's DDL, also for an administrator who creates it for users without CREATE on the schema. */
    public static String ddl(TableName log) {
        return "CREATE TABLE " + log.quoted() + " (query_id text NOT NULL, epoch bigint NOT NULL,"
                + " target text NOT NULL, committed_at timestamptz NOT NULL DEFAULT now(),"
                + " PRIMARY KEY (query_id, epoch))";
    }

    /** Creates the log if it does not exist (committed at once). */
    public void create(Connection c) throws SQLException {
        CommitLogTables.createIfMissing(c, table, ddl(table));
    }

    /**
     * The job id of one epoch's write: derived from the query id and the epoch, so that a replay of
     * the epoch after a restart uses the same stage names' prefix and its commit or abort also drops
     * what the dead run of that epoch left.
     */
    public String jobId(long epoch) {
        return queryKey + "e" + epoch;
    }

    /**
     * 12 hex digits of the query id's hash: stage names stay within PostgreSQL's 63 bytes for epochs
     * below 10^12 with any partition and task id.
     */
    private static String queryKey(String queryId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(queryId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What an epoch commit did. */
    public record Outcome(boolean replayed, long rowsWritten, long bytesWritten, long rowsMoved) {}

    /**
     * Commits one epoch: records it and moves its staged rows in one transaction, or, when the log
     * holds the epoch already, moves nothing. Either way the epoch's stages are dropped.
     */
    public Outcome commit(WriteSpec epochSpec, Collection<TaskResult> results, long epoch) throws SQLException {
        boolean[] fresh = {false};
        JobCommitter.Outcome moved = JobCommitter.commit(epochSpec, results, c -> fresh[0] = record(c, epoch, epochSpec.plan().table().name().toString()));
        return new Outcome(!fresh[0], moved.rowsWritten(), results.stream().mapToLong(TaskResult::bytes).sum(),
                fresh[0] ? moved.rowsMerged() : 0);
    }

    /** Inserts the epoch in the open transaction; false if a commit of it is in the log already. */
    boolean record(Connection c, long epoch, String target) throws SQLException {
        int inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.quoted()
                + " (query_id, epoch, target) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, queryId);
            ps.setLong(2, epoch);
            ps.setString(3, target);
            inserted = ps.executeUpdate();
        }
        if (inserted == 0) return false;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table.quoted()
                + " WHERE query_id = ? AND epoch <= ?")) {
            ps.setString(1, queryId);
            ps.setLong(2, epoch - KEEP);
            ps.executeUpdate();
        }
        return true;
    }
}
