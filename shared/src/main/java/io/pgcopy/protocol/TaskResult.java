package io.pgcopy.protocol;

import io.pgcopy.sql.TableName;
import java.io.Serializable;

/**
 * What a finished task attempt hands to the job commit.
 *
 * @param stage the staging table holding its rows ({@link CommitMode#JOB}), else null
 * @param gid its prepared transaction ({@link CommitMode#PREPARED}), else null
 * @param rowsMerged rows inserted or updated by its own ON CONFLICT merge ({@link CommitMode#TASK})
 */
public record TaskResult(int partition, long attempt, TableName stage, String gid, long rows, long bytes,
        long copyNanos, long rowsMerged) implements Serializable {}
