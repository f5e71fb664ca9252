package io.pgcopy.protocol;

import io.pgcopy.mapping.WritePlan;
import java.io.Serializable;
import java.util.List;

/**
 * Everything a write task needs, planned once on the driver and shipped to every task.
 *
 * @param conflictColumns the key of ON CONFLICT; empty with {@link ConflictAction#ERROR}
 * @param overwrite replace the table's rows (TRUNCATE) rather than append
 * @param bufferBytes COPY buffer per task, flushed to the server in chunks of this size
 */
public record WriteSpec(ConnectionSpec connection, WritePlan plan, CommitMode commit, ConflictAction onConflict,
        List<String> conflictColumns, boolean overwrite, String jobId, int bufferBytes) implements Serializable {
    public WriteSpec {
        conflictColumns = List.copyOf(conflictColumns);
        if (onConflict != ConflictAction.ERROR && conflictColumns.isEmpty()) {
            throw new IllegalArgumentException("onConflict=" + onConflict.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs conflictColumns or a primary key on " + plan.table().name());
        }
        WriteNames.prefix(jobId); // validates
    }

    /** The same write under another job id (one per streaming epoch), so its stages and gids are its own. */
    public WriteSpec withJobId(String id) {
        return new WriteSpec(connection, plan, commit, onConflict, conflictColumns, overwrite, id, bufferBytes);
    }

    /** Whether rows go through a staging table before reaching the target. */
    public boolean staged() {
        return commit == CommitMode.JOB || onConflict != ConflictAction.ERROR;
    }
}
