package io.pgcopy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.testing.HeapSampler;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sixteen writers at once on a 2-core machine, into a table with a primary key, a second index, a
 * row trigger and a statement trigger: every row arrives once and passes both triggers, pgcopy never
 * holds more connections than {@code numPartitions} asks for (Spark has twice as many task slots),
 * and the live heap stays bounded by the writers' buffers, not by the data.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentWritersIT {
    private static final int WRITERS = 16;
    private static final int BUFFER_BYTES = 1 << 20;
    private static SparkSession spark;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        // more task slots than writers: the connection cap must come from numPartitions
        spark = SparkSession.builder().master("local[" + 2 * WRITERS + "]").appName("pgcopy-concurrent-writers")
                .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
        db.execute("CREATE TABLE arrivals (statement_rows bigint NOT NULL)",
                "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " NEW.stamped := NEW.id * 2; RETURN NEW; END $$",
                "CREATE FUNCTION count_arrivals() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO arrivals SELECT count(*) FROM inserted; RETURN NULL; END $$");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static void createTarget(TestDatabase db, String table) throws Exception {
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, account int NOT NULL, payload text NOT NULL,"
                        + " stamped bigint)",
                "CREATE INDEX ON " + table + " (account, id)",
                "CREATE TRIGGER stamp BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION stamp()",
                "CREATE TRIGGER count_arrivals AFTER INSERT ON " + table + " REFERENCING NEW TABLE AS inserted"
                        + " FOR EACH STATEMENT EXECUTE FUNCTION count_arrivals()",
                "TRUNCATE arrivals");
    }

    private static Dataset<Row> rows(long count, int partitions) {
        return spark.range(0, count, 1, partitions).selectExpr("id", "CAST(id % 1000 AS INT) AS account",
                "concat(repeat('p', 180), id) AS payload");
    }

    @Test
    void sixteenWritersThroughAShuffleDeliverEveryRowInEveryCommitMode(TestDatabase db) throws Exception {
        long count = 160_000;
        for (String mode : List.of("task", "job", "prepared")) {
            String table = "shuffled_" + mode;
            createTarget(db, table);
            // 64 input partitions, hash-distributed by pgcopy over numPartitions writers
            int peak = peakConnectionsDuring(db, () -> rows(count, 4 * WRITERS).write().format("pgcopy")
                    .option("url", db.url()).option("dbtable", table).option("commit", mode)
                    .option("numPartitions", String.valueOf(WRITERS)).mode(SaveMode.Append).save());
            assertEveryRowArrivedOnce(db, table, count, mode);
            // the driver's own connection (planning, job commit) may overlap the tasks'
            assertTrue(peak <= WRITERS + 1, mode + ": " + peak + " pgcopy connections at once");
            assertTrue(peak >= WRITERS / 2, mode + ": only " + peak + " connections at once, not concurrent");
        }
    }

    @Test
    void sixteenWritersKeepTheHeapBoundedByTheirBuffers(TestDatabase db) throws Exception {
        long count = 1_000_000;
        createTarget(db, "bounded");
        long before = HeapSampler.liveHeapNow();
        List<Long> samples;
        try (HeapSampler heap = HeapSampler.collecting(250)) {
            rows(count, WRITERS).write().format("pgcopy").option("url", db.url()).option("dbtable", "bounded")
                    .option("commit", "task").option("bufferBytes", String.valueOf(BUFFER_BYTES))
                    .mode(SaveMode.Append).save();
            samples = heap.take();
        }
        assertEveryRowArrivedOnce(db, "bounded", count, "task");
        long dataBytes = db.queryLong("SELECT sum(octet_length(payload)) FROM bounded");
        long grown = samples.stream().mapToLong(Long::longValue).max().orElseThrow() - before;
        // each writer holds about one buffer (two while one is being sent); Spark's own task state on top
        long bound = 2L * WRITERS * BUFFER_BYTES + (96L << 20);
        assertTrue(samples.size() >= 4, "too few heap samples: " + samples.size());
        assertTrue(grown < bound && grown < dataBytes / 2, "live heap grew by " + (grown >> 20) + " MiB writing "
                + (dataBytes >> 20) + " MiB (bound " + (bound >> 20) + " MiB); samples " + samples);
    }

    private static void assertEveryRowArrivedOnce(TestDatabase db, String table, long count, String mode)
            throws Exception {
        long expectedSum = count * (count - 1) / 2;
        assertEquals(count + "/" + count + "/" + expectedSum + "/" + count, db.queryString("SELECT count(*) || '/' ||"
                + " count(DISTINCT id) || '/' || sum(id) || '/' || count(*) FILTER (WHERE stamped = id * 2) FROM "
                + table), mode);
        assertEquals(count, db.queryLong("SELECT coalesce(sum(statement_rows), 0) FROM arrivals"), mode
                + ": rows seen by the statement trigger");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgcopy%'"), mode
                + ": staging tables left");
        db.execute("TRUNCATE arrivals");
    }

    /** Runs the write while counting pgcopy's sessions on the database every few milliseconds. */
    private static int peakConnectionsDuring(TestDatabase db, Runnable write) throws Exception {
        AtomicInteger peak = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher;
        try (Connection c = db.connect()) {
            watcher = new Thread(() -> {
                try (Statement s = c.createStatement()) {
                    while (!done.get()) {
                        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                                + " WHERE datname = current_database() AND application_name = '"
                                + ConnectionSpec.APPLICATION_NAME + "'")) {
                            rs.next();
                            peak.accumulateAndGet(rs.getInt(1), Math::max);
                        }
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    peak.set(Integer.MIN_VALUE);
                }
            }, "connection-watcher");
            watcher.start();
            try {
                write.run();
            } finally {
                done.set(true);
                watcher.join();
            }
        }
        assertTrue(peak.get() >= 0, "the connection watcher failed");
        return peak.get();
    }
}
