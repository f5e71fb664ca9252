package io.pgcopy.stream;

import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the permanent commit logs of pgcopy's exactly-once writers (Flink sinks, Spark streaming). */
final class CommitLogTables {
    private CommitLogTables() {}

    /**
     * Creates {@code log} with {@code ddl} (a {@code CREATE TABLE <log> ...}), committed at once, if
     * it does not exist. Writers starting together would race on CREATE TABLE IF NOT EXISTS (the
     * loser fails on the catalog), so creators take turns under a transaction-level advisory lock.
     */
    static void createIfMissing(Connection c, TableName log, String ddl) throws SQLException {
        // even IF NOT EXISTS needs CREATE on the schema; a log an administrator made needs none
        if (TableIntrospector.exists(c, log)) return;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(hashtext(" + Identifiers.literal(log.quoted()) + "))");
            s.execute(ddl.replaceFirst("^CREATE TABLE ", "CREATE TABLE IF NOT EXISTS "));
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
