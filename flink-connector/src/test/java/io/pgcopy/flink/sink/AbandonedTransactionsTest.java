package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fresh writer rolls back only what earlier jobs of its own sink id prepared for its subtask
 * (subtask 0: also for subtasks beyond the parallelism) — never its own job's, another sink id's
 * (also one whose id starts with this one's) or anything that only looks alike.
 */
@ExtendWith(PostgresExtension.class)
class AbandonedTransactionsTest {
    private static void prepare(TestDatabase db, String gid) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT 1");
            s.execute("PREPARE TRANSACTION '" + gid + "'");
        }
    }

    @Test
    void onlyEarlierJobsOfThisSinkAndSubtaskAreRolledBack(TestDatabase db) throws Exception {
        List<String> all = List.of("pgcopy_f_orders_deadbeef_0_2", "pgcopy_f_orders_deadbeef_1_2",
                "pgcopy_f_orders_deadbeef_5_7", "pgcopy_f_orders_cafebabe_0_1", "pgcopy_f_orders_1_deadbeef_0_3",
                "pgcopy_f_orders_deadbeef_0_2_extra", "pgcopy_orders_deadbeef_0_2");
        for (String gid : all) prepare(db, gid);
        try (Connection c = db.connect()) {
            assertEquals(List.of("pgcopy_f_orders_deadbeef_0_2", "pgcopy_f_orders_deadbeef_5_7"),
                    AbandonedTransactions.rollBack(c, "orders", "cafebabe", 0, 2).stream().sorted().toList());
            assertEquals(List.of("pgcopy_f_orders_deadbeef_1_2"),
                    AbandonedTransactions.rollBack(c, "orders", "cafebabe", 1, 2));
        }
        // sorted as the server's collation sorts them
        assertEquals(List.of(List.of("pgcopy_f_orders_1_deadbeef_0_3"), List.of("pgcopy_f_orders_cafebabe_0_1"),
                List.of("pgcopy_f_orders_deadbeef_0_2_extra"), List.of("pgcopy_orders_deadbeef_0_2")),
                db.queryText("SELECT gid FROM pg_prepared_xacts WHERE database = current_database() ORDER BY gid COLLATE \"C\""));
    }
}
