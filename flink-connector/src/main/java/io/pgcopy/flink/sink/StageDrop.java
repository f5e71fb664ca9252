package io.pgcopy.flink.sink;

import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Drops an upsert sink's stage when its writer ends, unless a prepared transaction still writes to
 * it (it is then left for the sink's next run). Both the writer and, for exactly-once, the committer
 * (a task of its own) try at their close: whichever ends after the last COMMIT PREPARED succeeds.
 */
final class StageDrop {
    private StageDrop() {}

    static void dropIfUnlocked(Connection c, TableName stage) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // a transaction's own lock_timeout: the session's (the user's lockTimeout) stays
            s.execute("SET LOCAL lock_timeout = '200ms'");
            s.execute("DROP TABLE IF EXISTS " + stage.quoted());
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
