package io.pgcopy.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.Poll;
import io.pgcopy.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cluster cases on the newest line, Spark 4.2, an executor killed in every commit mode; and a driver killed in the
 * middle of a write ends as the README says.
 */
class SparkStandaloneClusterIT extends StandaloneClusterCases {
    private static final String PGCOPY_SESSIONS = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name = 'pgcopy'";

    @Override
    ClusterLine line() {
        return ClusterLine.NEWEST;
    }

    @Override
    List<String> executorKillModes() {
        return List.of("task", "job", "prepared");
    }

    /**
     * The driver is SIGKILLed while a commit=job and a commit=prepared write each have a finished task (a stage, a
     * prepared transaction) and a running one: neither target gets a row, and {@code pgcopy cleanup} removes what
     * they left.
     */
    @Test
    void aDriverKilledMidWriteLeavesTheTargetsUntouchedAndCleanupRemovesTheRest(TestDatabase db) throws Exception {
        long n = 2_000;
        createTable(db, "driver_kill_job");
        createTable(db, "driver_kill_prepared");
        GroupedProcess app = submit(db, "driver-kill", "DriverKillJob", n, 50);
        try {
            // the fast commit=job task done too: its stage holds committed rows (the slow tasks' stages
            // are dropped by their aborts as the executors go)
            Poll.until(() -> "the two slow tasks COPYing after the fast ones finished\n" + app.logTail(), APP,
                    () -> db.queryColumn(COPY_CLIENT_PORTS).size() == 2 && db.queryLong(PREPARED) == 1
                            && db.queryLong(FILLED_STAGES) >= 1);
            app.killJvm();
        } finally {
            app.close();
        }
        Poll.until("the executors gone with their driver", Duration.ofSeconds(60),
                () -> db.queryLong(PGCOPY_SESSIONS) == 0);
        assertEquals(List.of(List.of("0", "0")), db.queryText(
                "SELECT (SELECT count(*) FROM driver_kill_job), (SELECT count(*) FROM driver_kill_prepared)"));
        assertTrue(db.queryLong(STAGES) >= 1, "no stage was left to clean up");
        assertEquals(1, db.queryLong(PREPARED), "prepared transactions left");

        PgcopyCli.Result cleanup = PgcopyCli.run(dir.resolve("cleanup.log"), "cleanup", "--url", db.url());
        assertEquals(0, cleanup.exit(), cleanup.output());
        assertEquals(0, db.queryLong(STAGES), cleanup.output());
        assertEquals(0, db.queryLong(PREPARED), cleanup.output());
        assertEquals(List.of(List.of("0", "0")), db.queryText(
                "SELECT (SELECT count(*) FROM driver_kill_job), (SELECT count(*) FROM driver_kill_prepared)"));
    }
}
