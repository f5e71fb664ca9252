package io.pgcopy.flink.sink;

import io.pgcopy.protocol.BoundedDrop;
import io.pgcopy.sql.TableName;
import java.sql.Connection;

/**
 * Drops an upsert sink's stage when its writer ends, unless a prepared transaction still writes to
 * it (it is then left for the sink's next run). Both the writer and, for exactly-once, the committer
 * (a task of its own) try at their close: whichever ends after the last COMMIT PREPARED succeeds, so
 * a drop that finds the stage locked is expected and not reported.
 */
final class StageDrop {
    /** Short: the stage's lock is a prepared transaction's, held until its COMMIT PREPARED, not a moment's. */
    private static final String LOCK_TIMEOUT = "200ms";

    private StageDrop() {}

    static boolean dropIfUnlocked(Connection c, TableName stage) {
        return BoundedDrop.quiet(c, LOCK_TIMEOUT).dropTable(stage);
    }
}
