package io.pgcopy.flink.sink.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.flink.sink.FlinkJobs;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server ends a sink's COPY in the middle, after a checkpoint committed rows: its backend
 * terminated (the connection is gone) or its statement cancelled (the connection stays, the
 * transaction is aborted). The job (DataStream, or a SQL aggregation into an upsert table) restarts
 * from the checkpoint and ends with what its guarantee promises; nothing of the broken transaction
 * shows and nothing is left behind. (A COPY connection killed in an exactly-once DataStream job is
 * PgCopySinkTest's.)
 */
@ExtendWith(PostgresExtension.class)
class BackendEndedMidCopyTest {
    private static final long ROWS = 4_000;
    private static final double PER_SECOND = 1_500;
    private static final long SQL_ROWS = 6_000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static int tables;

    private FaultDb db;
    private Backends backends;

    @BeforeEach
    void connect(TestDatabase test) {
        db = new FaultDb(test.url());
        backends = new Backends(db);
    }

    /** What the test does to the COPY's backend. */
    private interface Fault {
        void inject(int pid, String table) throws Exception;
    }

    private String runThrough(DeliveryGuarantee guarantee, Fault fault) throws Exception {
        String table = "ended" + (++tables);
        RecoveringJob job = RecoveringJob.start(db, table, ROWS, FaultJobs.environment(5, Duration.ofMillis(200)),
                FaultJobs.sink(db.url(), table, guarantee));
        fault.inject(job.awaitCopyMidStream(), table);
        job.awaitEnd(Duration.ofSeconds(60));
        job.assertRecoveredLeavingNothing();
        return table;
    }

    @Test
    void atLeastOnceLosesNoRowWhenTheBackendIsTerminated() throws Exception {
        String table = runThrough(DeliveryGuarantee.AT_LEAST_ONCE, (pid, t) -> backends.terminate(pid));
        // replayed rows may come twice (the documented at-least-once), none may be missing
        assertEquals(FaultDb.everyId(ROWS), db.distinctIds(table));
    }

    @Test
    void atLeastOnceLosesNoRowWhenTheCopyIsCancelled() throws Exception {
        String table = runThrough(DeliveryGuarantee.AT_LEAST_ONCE, backends::cancelCopy);
        assertEquals(FaultDb.everyId(ROWS), db.distinctIds(table));
    }

    @Test
    void exactlyOnceWritesEachRowOnceWhenTheCopyIsCancelled() throws Exception {
        String table = runThrough(DeliveryGuarantee.EXACTLY_ONCE, backends::cancelCopy);
        assertEquals(FaultDb.exactly(ROWS), db.ids(table));
    }

    @Test
    void anExactlyOnceSqlUpsertEndsInTheFinalStateWhenTheBackendIsTerminated() throws Exception {
        sqlUpsertWithATerminatedBackend("counts_eo", "exactly-once");
    }

    @Test
    void anAtLeastOnceSqlUpsertEndsInTheFinalStateWhenTheBackendIsTerminated() throws Exception {
        sqlUpsertWithATerminatedBackend("counts_alo", "at-least-once");
    }

    /** A SQL aggregation into an upsert table: its restored state and the upserts give the exact counts. */
    private void sqlUpsertWithATerminatedBackend(String table, String guarantee) throws Exception {
        db.execute("CREATE TABLE " + table + " (k bigint PRIMARY KEY, n bigint NOT NULL)");
        StreamExecutionEnvironment env = FaultJobs.environment(5, Duration.ofMillis(200));
        // a smooth source (SQL's datagen sends each second's rows in one burst, so the COPYs are brief)
        DataStream<Long> ids = env.fromSource(new DataGeneratorSource<>(i -> i, SQL_ROWS,
                RateLimiterStrategy.perSecond(PER_SECOND), Types.LONG), WatermarkStrategy.noWatermarks(), "ids");
        StreamTableEnvironment t = FlinkJobs.sql(StreamTableEnvironment.create(env));
        t.createTemporaryView("src", ids);
        t.executeSql("CREATE TABLE counts (k BIGINT, n BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' ="
                + " 'pgcopy', 'url' = '" + db.url() + "', 'table-name' = '" + table + "', 'sink.delivery-guarantee' ="
                + " '" + guarantee + "', 'sink.parallelism' = '2')");
        TableResult result = t.executeSql("INSERT INTO counts SELECT f0 % 40, COUNT(*) FROM src GROUP BY f0 % 40");
        Poll.until("committed counts", WAIT, () -> db.queryLong("SELECT count(*) FROM " + table) > 0);
        // an upsert sink COPYs into its stage, pgcopy_f_<table>_<subtask>_stage
        int pid = backends.awaitCopy(table, WAIT);
        long before = db.queryLong("SELECT sum(n) FROM " + table);
        backends.terminate(pid);
        FaultJobs.awaitEnd(result.getJobClient().orElseThrow(), Duration.ofSeconds(60));
        assertTrue(before < SQL_ROWS, "the fault came before the end");
        assertEquals("40/150/150", db.queryString("SELECT count(*) || '/' || min(n) || '/' || max(n) FROM " + table));
        assertEquals(0, db.preparedTransactions());
        db.awaitNoPgcopySession(WAIT);
    }
}
