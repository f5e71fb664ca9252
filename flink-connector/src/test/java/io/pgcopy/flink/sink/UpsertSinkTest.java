package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;

/**
 * A changelog with inserts, updates and deletes of the same keys, many per flush and across many
 * checkpoints, ends with the table equal to the changelog's final state — also under exactly-once
 * with a failure in the middle.
 */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class UpsertSinkTest {
    private static final long CHANGES = 3_000;
    private static final int KEYS = 40;

    private static int tables;

    @AfterEach
    void reset() {
        FlinkJobs.FailOnceAfterCheckpoint.FAILED.set(false);
    }

    /** Change number i touches key i % KEYS: every 7th deletes it, every 11th is an ignorable UPDATE_BEFORE. */
    static RowData change(long i) {
        long key = i % KEYS;
        if (i % 7 == 3) return GenericRowData.ofKind(RowKind.DELETE, key, null);
        if (i % 11 == 5) return GenericRowData.ofKind(RowKind.UPDATE_BEFORE, key, StringData.fromString("stale"));
        RowKind kind = i < KEYS ? RowKind.INSERT : RowKind.UPDATE_AFTER;
        return GenericRowData.ofKind(kind, key, StringData.fromString("v" + i));
    }

    /** Replays the changelog over the table's starting rows. */
    static List<List<String>> expectedFinalState() {
        Map<Long, String> state = new TreeMap<>();
        for (long k = 0; k < KEYS + 10; k += 2) state.put(k, "old"); // the rows the table starts with
        for (long i = 0; i < CHANGES; i++) {
            RowData c = change(i);
            if (c.getRowKind() == RowKind.DELETE) state.remove(c.getLong(0));
            else if (c.getRowKind() != RowKind.UPDATE_BEFORE) state.put(c.getLong(0), c.getString(1).toString());
        }
        List<List<String>> rows = new ArrayList<>();
        state.forEach((k, v) -> rows.add(List.of(String.valueOf(k), v)));
        return rows;
    }

    private void run(TestDatabase db, DeliveryGuarantee guarantee, boolean failInMap) throws Exception {
        run(db, guarantee, failInMap, FlinkJobs.environment(100), Duration.ZERO);
    }

    private void run(TestDatabase db, DeliveryGuarantee guarantee, boolean failInMap, StreamExecutionEnvironment env,
            Duration lockTimeout) throws Exception {
        String table = "kv" + (++tables);
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, payload text)",
                "INSERT INTO " + table + " SELECT k, 'old' FROM generate_series(0, " + (KEYS + 9) + ", 2) k");
        // one source subtask keeps each key's changes in order; keyBy sends a key to one sink subtask
        DataStream<Long> ids = env.fromSource(FlinkJobs.ids(CHANGES, 1_500), WatermarkStrategy.noWatermarks(), "ids")
                .setParallelism(1);
        if (failInMap) ids = ids.map(new FlinkJobs.FailOnceAfterCheckpoint(CHANGES / 2)).setParallelism(1);
        ids.map(UpsertSinkTest::change).returns(FlinkJobs.eventType()).setParallelism(1)
                .keyBy(r -> r.getLong(0))
                .sinkTo(PgCopySink.<RowData>builder().url(db.url()).table(table)
                        .rowConverter(RowConverter.rowData(FlinkJobs.EVENT)).upsertKey(java.util.List.of("id"))
                        .deliveryGuarantee(guarantee).maxRows(25).lockTimeout(lockTimeout).build());
        env.execute("pgcopy upsert " + guarantee);
        assertEquals(expectedFinalState(), db.queryText("SELECT id, payload FROM " + table + " ORDER BY id"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
    }

    @Test
    void atLeastOnceEndsInTheFinalState(TestDatabase db) throws Exception {
        run(db, DeliveryGuarantee.AT_LEAST_ONCE, false);
    }

    /**
     * Every checkpoint updates the same keys that the previous one's prepared transaction holds
     * until its COMMIT PREPARED. Were the committer chained to the writer, that commit would wait on
     * the writer's own thread behind the next checkpoint's apply (here: until the 3 s lock timeout
     * fails the job, which may not restart); on a task of its own it never does.
     */
    @Test
    void exactlyOnceUpsertsOfHotKeysNeverWaitForTheirOwnCommit(TestDatabase db) throws Exception {
        run(db, DeliveryGuarantee.EXACTLY_ONCE, false, FlinkJobs.environment(20, false), Duration.ofSeconds(3));
    }

    /** The mechanism behind the test above, which a lucky run could pass without it. */
    @Test
    void anExactlyOnceCommitterRunsOnATaskOfItsOwn(TestDatabase db) throws Exception {
        for (DeliveryGuarantee guarantee : List.of(DeliveryGuarantee.EXACTLY_ONCE, DeliveryGuarantee.AT_LEAST_ONCE)) {
            StreamExecutionEnvironment env = FlinkJobs.environment(100);
            env.fromSequence(0, 10).map(UpsertSinkTest::change).returns(FlinkJobs.eventType())
                    .sinkTo(PgCopySink.<RowData>builder().url(db.url()).table("kv").upsertKey(List.of("id"))
                            .rowConverter(RowConverter.rowData(FlinkJobs.EVENT)).deliveryGuarantee(guarantee).build());
            List<String> vertices = new ArrayList<>();
            for (org.apache.flink.runtime.jobgraph.JobVertex v : env.getStreamGraph().getJobGraph().getVertices()) {
                vertices.add(v.getName());
            }
            boolean together = vertices.stream().anyMatch(n -> n.contains("Writer") && n.contains("Committer"));
            assertEquals(guarantee == DeliveryGuarantee.AT_LEAST_ONCE, together, guarantee + ": " + vertices);
        }
    }

    @Test
    @Tag("pg-versions")
    void exactlyOnceEndsInTheFinalStateDespiteAFailure(TestDatabase db) throws Exception {
        run(db, DeliveryGuarantee.EXACTLY_ONCE, true);
        assertTrue(FlinkJobs.FailOnceAfterCheckpoint.FAILED.get(), "the planned failure happened");
    }
}
