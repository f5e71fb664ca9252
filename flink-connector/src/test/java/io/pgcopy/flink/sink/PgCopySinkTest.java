package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;

/** Real Flink jobs (local MiniCluster, parallelism 2) into a real PostgreSQL. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class PgCopySinkTest {
    private static final int ROWS = 20_000;
    private static final RowType ROW = RowType.of(new BigIntType(), new VarCharType(VarCharType.MAX_LENGTH));
    private static final RowType NAMED = new RowType(java.util.List.of(new RowType.RowField("id", new BigIntType()),
            new RowType.RowField("name", new VarCharType(VarCharType.MAX_LENGTH))));

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS = new AtomicInteger();

    /** Slows the stream down so that checkpoints happen, and fails once after one completed. */
    static final class FailOnceAfterCheckpoint implements MapFunction<Long, RowData>, CheckpointListener {
        private final boolean fail;

        FailOnceAfterCheckpoint(boolean fail) {
            this.fail = fail;
        }

        @Override
        public RowData map(Long id) throws Exception {
            if (id % 50 == 0) Thread.sleep(1);
            if (fail && id > ROWS / 2 && CHECKPOINTS.get() > 0 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("planned failure after a checkpoint");
            }
            return GenericRowData.of(id, StringData.fromString("name " + id));
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
        }
    }

    private static void run(TestDatabase db, String table, DeliveryGuarantee guarantee, boolean fail) throws Exception {
        run(db, table, guarantee, fail, SinkSettings.defaultSinkId(io.pgcopy.sql.TableName.parse(table)));
    }

    private static void run(TestDatabase db, String table, DeliveryGuarantee guarantee, boolean fail, String sinkId)
            throws Exception {
        FAILED.set(false);
        CHECKPOINTS.set(0);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.fromSequence(1, ROWS).map(new FailOnceAfterCheckpoint(fail)).returns(TypeInformation.of(RowData.class))
                .sinkTo(PgCopySink.<RowData>builder().url(db.url()).table(table).rowConverter(RowConverter.rowData(NAMED))
                        .deliveryGuarantee(guarantee).maxRows(3000).sinkId(sinkId).build());
        env.execute("pgcopy sink test");
    }

    @Test
    void atLeastOnceLosesNothingWhenTheJobFails(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE alo (id bigint, name text NOT NULL)");
        run(db, "alo", DeliveryGuarantee.AT_LEAST_ONCE, true);
        assertTrue(FAILED.get(), "the job failed once");
        assertEquals(ROWS, db.queryLong("SELECT count(DISTINCT id) FROM alo"));
        assertEquals("name 7", db.queryString("SELECT min(name) FROM alo WHERE id = 7"));
    }

    @Test
    @Tag("pg-versions")
    void exactlyOnceWritesEveryRowOnceThroughAFailure(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE eo (id bigint, name text)");
        run(db, "eo", DeliveryGuarantee.EXACTLY_ONCE, true);
        assertTrue(FAILED.get(), "the job failed once");
        assertEquals(ROWS + "/" + ROWS, db.queryString("SELECT count(*) || '/' || count(DISTINCT id) FROM eo"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts"));
    }

    @Test
    void exactlyOnceJobsRunAgainIntoTheSameTableEachCommit(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE again (id bigint, name text)");
        run(db, "again", DeliveryGuarantee.EXACTLY_ONCE, false);
        run(db, "again", DeliveryGuarantee.EXACTLY_ONCE, false);
        assertEquals(2 * ROWS + "/" + ROWS, db.queryString("SELECT count(*) || '/' || count(DISTINCT id) FROM again"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts"));
    }

    @Test
    @Tag("pg-versions")
    void exactlyOnceSurvivesAFailureBetweenPrepareAndCommit(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE eo2 (id bigint, name text)");
        PgCopyCommitter.FAIL_NEXT_COMMITS.set(1);
        try {
            run(db, "eo2", DeliveryGuarantee.EXACTLY_ONCE, false);
        } finally {
            PgCopyCommitter.FAIL_NEXT_COMMITS.set(0);
        }
        assertEquals(ROWS + "/" + ROWS, db.queryString("SELECT count(*) || '/' || count(DISTINCT id) FROM eo2"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts"));
    }

    /** Recovery says what it did: a fresh run rolls back what an earlier job of the sink left prepared, naming it. */
    @Test
    void aFreshRunRollsBackWhatAnEarlierJobLeftAndSaysSo(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE fresh (id bigint, name text)");
        String gid = "pgcopy_f_fresh_sink_deadbeef_0_7";
        try (java.sql.Connection c = db.connect(); java.sql.Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO fresh VALUES (-1, 'of the earlier job')");
            s.execute("PREPARE TRANSACTION '" + gid + "'");
        }
        try (io.pgcopy.testing.StderrLog log = new io.pgcopy.testing.StderrLog()) {
            run(db, "fresh", DeliveryGuarantee.EXACTLY_ONCE, false, "fresh_sink");
            String said = log.text().lines().filter(l -> l.contains("INFO") && l.contains(gid)).findFirst()
                    .orElseThrow(() -> new AssertionError("no INFO naming " + gid + " in:\n" + log.text()));
            assertTrue(said.contains("rolled back") && said.contains("fresh") && said.contains("earlier job"), said);
        }
        assertEquals(ROWS + "/0", db.queryString("SELECT count(*) || '/' || count(*) FILTER (WHERE id < 0) FROM fresh"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts"));
    }

    @Test
    void aConnectionKilledMidCopyIsRecoveredExactlyOnce(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE killed (id bigint, name text)");
        AtomicInteger killed = new AtomicInteger();
        Thread killer = new Thread(() -> {
            // a loaded machine may take long to start the job's first COPY
            long deadline = System.currentTimeMillis() + 120_000;
            while (killed.get() == 0 && System.currentTimeMillis() < deadline) {
                try {
                    killed.set((int) db.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE query LIKE 'COPY%killed%' AND pid <> pg_backend_pid()"));
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        });
        killer.start();
        run(db, "killed", DeliveryGuarantee.EXACTLY_ONCE, false);
        killer.join();
        assertTrue(killed.get() > 0, "a COPY connection was killed");
        assertEquals(ROWS + "/" + ROWS, db.queryString("SELECT count(*) || '/' || count(DISTINCT id) FROM killed"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts"));
    }

    @Test
    void badValuesFailTheJobNamingTableColumnAndValue(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE narrow (id bigint, name varchar(5))");
        Exception e = assertThrows(Exception.class, () -> run(db, "narrow", DeliveryGuarantee.AT_LEAST_ONCE, false));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) messages.append(t.getMessage()).append('\n');
        assertTrue(messages.toString().contains("public.narrow") && messages.toString().contains("\"name\"")
                && messages.toString().contains("name 1"), messages.toString());
        assertEquals(0, db.queryLong("SELECT count(*) FROM narrow WHERE length(name) > 5"));
    }

    @Test
    void sqlUpsertEndsWithTheChangelogsFinalState(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE \"Select\" (k text PRIMARY KEY, n bigint)");
        TableEnvironment t = FlinkJobs.sql(TableEnvironment.create(EnvironmentSettings.inStreamingMode()));
        t.getConfig().set("parallelism.default", "2");
        t.executeSql("CREATE TABLE pg (k STRING, n BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'pgcopy',"
                + " 'url' = '" + db.url() + "', 'table-name' = '\"Select\"', 'sink.buffer-flush.max-rows' = '3')");
        t.executeSql("CREATE TEMPORARY VIEW src AS SELECT * FROM (VALUES ('a', 1), ('b', 2), ('a', 3), ('c', 4),"
                + " ('a', 5), ('b', 6)) AS v(k, x)");
        t.executeSql("INSERT INTO pg SELECT k, count(*) FROM src GROUP BY k").await();
        assertEquals("a=3,b=2,c=1", db.queryString("SELECT string_agg(k || '=' || n, ',' ORDER BY k) FROM \"Select\""));
    }

    @Test
    void unknownOptionsAndUpdatesIntoAnInsertOnlyTableAreRefused(TestDatabase db) {
        TableEnvironment t = FlinkJobs.sql(TableEnvironment.create(EnvironmentSettings.inStreamingMode()));
        t.executeSql("CREATE TABLE bad (k STRING) WITH ('connector' = 'pgcopy', 'url' = '" + db.url()
                + "', 'table-name' = 't', 'sink.flush' = '1')");
        Exception e = assertThrows(Exception.class, () -> t.executeSql("INSERT INTO bad VALUES ('x')"));
        StringBuilder messages = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) messages.append(c.getMessage()).append('\n');
        assertTrue(messages.toString().contains("sink.flush"), messages.toString());
    }
}
