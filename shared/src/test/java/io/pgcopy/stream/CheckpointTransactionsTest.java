package io.pgcopy.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("compat")
@ExtendWith(PostgresExtension.class)
class CheckpointTransactionsTest {
    /** All writers of a sink create the commit log as they start; none may fail because another won. */
    @Test
    void writersStartingTogetherAllFindTheCommitLog(TestDatabase db) throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 15; round++) {
                db.execute("CREATE SCHEMA s" + round);
                TableName log = CheckpointTransactions.logTable(new TableName("s" + round, "target"));
                CyclicBarrier start = new CyclicBarrier(writers);
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    done.add(pool.submit(() -> {
                        try (Connection c = db.connect()) {
                            start.await();
                            CheckpointTransactions.createLog(c, log);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
                assertEquals(1, db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 's" + round
                        + "' AND tablename = 'pgcopy_commit_log'"));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
