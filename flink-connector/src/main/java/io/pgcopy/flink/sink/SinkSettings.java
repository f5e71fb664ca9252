package io.pgcopy.flink.sink;

import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything a sink's writers and committers need, checked when the sink is built.
 *
 * @param sinkId names this sink's prepared transactions and staging tables; unique per sink
 * @param keyColumns the upsert key; empty for an insert-only sink
 * @param commitLog where exactly-once records its commits
 */
record SinkSettings(ConnectionSpec connection, TableName table, DeliveryGuarantee guarantee, int maxRows,
        long maxBytes, long intervalMillis, int maxRetries, String sinkId, List<String> keyColumns,
        TableName commitLog) implements Serializable {

    SinkSettings {
        if (maxRows < 1) throw new IllegalArgumentException("sink.buffer-flush.max-rows must be at least 1");
        if (maxBytes < 1) throw new IllegalArgumentException("sink.buffer-flush.max-bytes must be at least 1");
        if (intervalMillis < 0) throw new IllegalArgumentException("sink.buffer-flush.interval must not be negative");
        if (maxRetries < 0) throw new IllegalArgumentException("sink.max-retries must not be negative");
        if (!sinkId.matches("[a-z0-9_]{1,40}")) {
            throw new IllegalArgumentException("sink id \"" + sinkId + "\" must be 1 to 40 of a-z, 0-9 and _");
        }
        keyColumns = List.copyOf(keyColumns);
    }

    boolean exactlyOnce() {
        return guarantee == DeliveryGuarantee.EXACTLY_ONCE;
    }

    boolean upsert() {
        return !keyColumns.isEmpty();
    }

    /**
     * The gid prefix of one subtask's prepared transactions in one job. The job id is in it (its
     * first 8 hex digits) because gids are numbered by checkpoint: a job run again from scratch
     * starts at 1 again and must not meet the earlier run's committed gids in the commit log.
     */
    String gidPrefix(String jobId, int subtask) {
        return "pgcopy_f_" + sinkId + "_" + jobTag(jobId) + "_" + subtask + "_";
    }

    /** The part of a job id in gids. */
    static String jobTag(String jobId) {
        return jobId.substring(0, Math.min(8, jobId.length()));
    }

    /** One subtask's changelog stage, next to the target. */
    TableName stage(int subtask) {
        return new TableName(table.schema(), "pgcopy_f_" + sinkId + "_" + subtask + "_stage");
    }

    /** A sink id derived from the table name, for sinks that are not given one. */
    static String defaultSinkId(TableName table) {
        String id = table.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return id.length() > 40 ? id.substring(0, 40) : id;
    }
}
