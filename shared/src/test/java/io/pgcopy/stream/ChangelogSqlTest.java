package io.pgcopy.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.sql.TableName;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("compat")
@ExtendWith(PostgresExtension.class)
class ChangelogSqlTest {
    private static final TableName TARGET = new TableName("public", "kv");
    private static final TableName STAGE = new TableName("public", "kv_stage");

    /** Stages one change of key 1 (a null value: its delete) in c's open transaction. */
    private static void stageChange(Connection c, String value) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO kv_stage (id, v, " + ChangelogSql.DELETE_FLAG + ") VALUES (1, "
                    + (value == null ? "NULL, true" : "'" + value + "', false") + ")");
        }
    }

    private static void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : ChangelogSql.apply(STAGE, TARGET, List.of("id", "v"), List.of("id"))) s.execute(sql);
        }
    }

    /**
     * Exactly-once: a checkpoint's transaction that inserts a key stays prepared until the committer
     * commits it, while the writer's next transaction may already delete that key. The delete does
     * not see the prepared insert, so it has to wait for its commit, or the key would survive.
     */
    @Test
    void aDeleteWaitsForThePreparedTransactionThatInsertedItsKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE kv (id bigint PRIMARY KEY, v text)");
        db.execute(ChangelogSql.createStage(STAGE, TARGET, List.of("id", "v")).toArray(String[]::new));
        String gid = "pgcopy-changelog-test-" + UUID.randomUUID();
        try (Connection first = db.connect(); Connection second = db.connect()) {
            first.setAutoCommit(false);
            stageChange(first, "inserted");
            apply(first);
            try (Statement s = first.createStatement()) {
                s.execute("PREPARE TRANSACTION '" + gid + "'");
            }
            second.setAutoCommit(false);
            try (Statement s = second.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '5s'");
            }
            // the next checkpoint's COPY into the stage goes on while the previous one awaits its commit
            stageChange(second, null);
            CompletableFuture<Void> deleted = CompletableFuture.runAsync(() -> {
                try {
                    apply(second);
                    second.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Poll.until("the delete done or waiting for a lock", Duration.ofSeconds(20), () -> deleted.isDone()
                    || db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND wait_event_type = 'Lock'") > 0);
            db.execute("COMMIT PREPARED '" + gid + "'");
            deleted.get(20, TimeUnit.SECONDS);
        }
        assertEquals(0, db.queryLong("SELECT count(*) FROM kv"), "the key deleted after its insert is gone");
    }
}
