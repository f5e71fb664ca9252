package io.pgcopy.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.protocol.WriteNames;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class EpochCommitLogTest {
    private static final TableName TARGET = new TableName("app", "events");

    @Test
    void theLogIsBesideTheTargetUnlessNamed() {
        assertEquals(new TableName("app", EpochCommitLog.DEFAULT_TABLE), EpochCommitLog.table(TARGET, null));
        assertEquals(new TableName("Stream Logs", "Commits"), EpochCommitLog.table(TARGET, "\"Stream Logs\".\"Commits\""));
        assertEquals(new TableName(null, "log"), EpochCommitLog.table(TARGET, "LOG"));
    }

    /** A replay after a restart must find the dead run's stages: the same prefix for the same query and epoch. */
    @Test
    void anEpochsJobIdDependsOnTheQueryAndEpochOnlyAndNamesValidStages() {
        EpochCommitLog log = new EpochCommitLog(TARGET, "3f1c3c0e-8a0b-4c5e-9f57-0d9d0e7c9b11");
        assertEquals(log.jobId(7), new EpochCommitLog(TARGET, "3f1c3c0e-8a0b-4c5e-9f57-0d9d0e7c9b11").jobId(7));
        assertNotEquals(log.jobId(7), log.jobId(8));
        assertNotEquals(log.jobId(7), new EpochCommitLog(TARGET, "another").jobId(7));
        // PostgreSQL cuts names at 63 bytes: an epoch below 10^12 (a micro-batch a millisecond for 30 years) fits
        // with any partition and Spark task id
        String stage = WriteNames.stage(TARGET, log.jobId(999_999_999_999L), Integer.MAX_VALUE, Long.MAX_VALUE).name();
        assertTrue(stage.length() <= 63, stage);
        assertTrue(stage.matches(io.pgcopy.protocol.Leftovers.STAGE_PATTERN), "pgcopy cleanup finds " + stage);
    }

    /** The record is refused once the epoch is in the log; pruning keeps the last epochs and other queries' rows. */
    @Test
    void anEpochIsRecordedOnceAndOnlyTheQuerysOwnOldRowsArePruned(TestDatabase db) throws Exception {
        TableName table = new TableName(null, "commits");
        EpochCommitLog log = new EpochCommitLog(table, "q1");
        try (Connection c = db.connect()) {
            log.create(c);
            log.create(c); // exists: nothing to do
            db.execute("INSERT INTO commits VALUES ('q2', 0, 't')");
            for (long e = 0; e < EpochCommitLog.KEEP + 5; e++) assertTrue(log.record(c, e, "t"), "epoch " + e);
            assertFalse(log.record(c, EpochCommitLog.KEEP + 4, "t"), "the last epoch again");
            assertFalse(log.record(c, 5, "t"), "an epoch still kept");
        }
        assertEquals(EpochCommitLog.KEEP + "/5/" + (EpochCommitLog.KEEP + 4),
                db.queryString("SELECT count(*) || '/' || min(epoch) || '/' || max(epoch) FROM commits WHERE query_id = 'q1'"));
        assertEquals(1, db.queryLong("SELECT count(*) FROM commits WHERE query_id = 'q2'"));
    }
}
