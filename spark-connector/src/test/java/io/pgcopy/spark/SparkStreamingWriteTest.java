package io.pgcopy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.spark.write.FailureInjection;
import io.pgcopy.sql.TableName;
import io.pgcopy.stream.EpochCommitLog;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * writeStream.format("pgcopy") exactly once: queries killed (a failure after the database commit of
 * an epoch, a failure inside a micro-batch's task, stop()) and restarted from their checkpoints end
 * with every source row once. The source is Spark's rate-micro-batch: batch b holds exactly the values
 * [b * ROWS, (b + 1) * ROWS), also when it is replayed, so the expected table follows from the epochs
 * the commit log holds.
 */
@ExtendWith(PostgresExtension.class)
class SparkStreamingWriteTest {
    private static final int ROWS = 40;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String LOG = "pgcopy_streaming_commits";
    /** The append test's own commit log, named by the option commitLogTable. */
    private static final String OWN_LOG = "\"Stream Logs\".\"Commits\"";
    /** The value whose row makes its task throw; -1: none. Static, so local-mode tasks see it. */
    private static final AtomicLong POISON = new AtomicLong(-1);
    private static SparkSession spark;

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("pgcopy-streaming-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
                .config("spark.sql.session.timeZone", "UTC").getOrCreate();
        spark.udf().register("poisoned", (UDF1<Long, Long>) v -> {
            if (v == POISON.get()) throw new IllegalStateException("planned failure inside a micro-batch at " + v);
            return v;
        }, DataTypes.LongType);
    }

    /** A failed test leaves no query running into the next one. */
    @AfterEach
    void stopQueries() throws Exception {
        for (StreamingQuery q : spark.streams().active()) q.stop();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> source(String tag) {
        return spark.readStream().format("rate-micro-batch").option("rowsPerBatch", ROWS).option("numPartitions", 2)
                .load().selectExpr("'" + tag + "' AS q", "poisoned(value) AS v");
    }

    private static StreamingQuery start(TestDatabase db, Dataset<Row> df, String table, String checkpoint,
            String outputMode, String... options) throws Exception {
        DataStreamWriter<Row> w = df.writeStream().format("pgcopy").outputMode(outputMode)
                .trigger(Trigger.ProcessingTime("100 milliseconds"));
        option(w, "url", db.url());
        option(w, "dbtable", table);
        option(w, "checkpointLocation", checkpoints.resolve(checkpoint).toString());
        for (int k = 0; k < options.length; k += 2) option(w, options[k], options[k + 1]);
        return w.start();
    }

    /**
     * {@code DataStreamWriter.option(String, String)}: on Spark 4 it comes from an interface whose
     * erased return type differs from 3.5's, so code compiled against 3.5 finds it by reflection.
     */
    private static void option(DataStreamWriter<Row> w, String key, String value) throws Exception {
        DataStreamWriter.class.getMethod("option", String.class, String.class).invoke(w, key, value);
    }

    /** The last epoch of the query in the commit log, -1 before the first. */
    private static long lastEpoch(TestDatabase db, String log, StreamingQuery q) throws Exception {
        try {
            return db.queryLong("SELECT coalesce(max(epoch), -1) FROM " + log + " WHERE query_id = '" + q.id() + "'");
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) return -1; // the first micro-batch creates the log
            throw e;
        }
    }

    private static long awaitEpoch(TestDatabase db, String log, StreamingQuery q, long epoch) throws Exception {
        Poll.until(() -> "epoch " + epoch + " of " + q.id() + " (" + q.exception() + ")", WAIT,
                () -> lastEpoch(db, log, q) >= epoch);
        return lastEpoch(db, log, q);
    }

    private static void awaitFailure(StreamingQuery q, String expected) {
        StreamingQueryException e = assertThrows(StreamingQueryException.class,
                () -> q.awaitTermination(WAIT.toMillis()), "the query should have failed");
        assertTrue(messages(e).contains(expected), messages(e));
    }

    /** A restart from the checkpoint keeps the query id (the commit log's key), with a new run id. */
    private static StreamingQuery restart(TestDatabase db, StreamingQuery before, Dataset<Row> df, String table,
            String checkpoint, String outputMode, String... options) throws Exception {
        StreamingQuery after = start(db, df, table, checkpoint, outputMode, options);
        assertEquals(before.id(), after.id());
        assertNotEquals(before.runId(), after.runId());
        return after;
    }

    @Test
    @Tag("compat")
    void appendKilledAndRestartedWritesEveryRowOnceBesideAnotherQuery(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (q text NOT NULL, v bigint NOT NULL)", "CREATE SCHEMA \"Stream Logs\"");
        // what another query of the same table left: its log row and its epoch's stage stay untouched
        db.execute(EpochCommitLog.ddl(TableName.parse(OWN_LOG)),
                "INSERT INTO " + OWN_LOG + " VALUES ('another-query', 3, 'public.events')",
                "CREATE UNLOGGED TABLE pgcopy_0123456789abe3_0_7 (q text, v bigint)");
        StreamingQuery other = start(db, source("b"), "events", "b", "append", "commitLogTable", OWN_LOG);
        StreamingQuery run = start(db, source("a"), "events", "a", "append", "commitLogTable", OWN_LOG);
        String id = run.id().toString();

        // 1. the driver dies after the epoch's database commit, before Spark records it: Spark replays it
        awaitEpoch(db, OWN_LOG, run, 2);
        FailureInjection.failNextEpochCommitAfterDatabase(id);
        awaitFailure(run, "injected failure after epoch");
        long committed = lastEpoch(db, OWN_LOG, run);
        run = restart(db, run, source("a"), "events", "a", "append", "commitLogTable", OWN_LOG);
        awaitEpoch(db, OWN_LOG, run, committed + 1);
        assertEveryRowOnce(db, "a", run); // the replayed epoch moved nothing
        StreamingQuery replaying = run;
        Poll.until(() -> "the replayed epoch skipped, then one committed: " + sinkMetrics(replaying), WAIT,
                () -> "1".equals(sinkMetrics(replaying).get("epochsSkippedAsReplayed"))
                        && !"0".equals(sinkMetrics(replaying).getOrDefault("epochsCommitted", "0")));
        Map<String, String> metrics = sinkMetrics(run);
        assertTrue(Long.parseLong(metrics.get("rowsWritten")) >= ROWS, metrics.toString());
        assertTrue(Long.parseLong(metrics.get("bytesSent")) > ROWS * 10L, metrics.toString());
        assertTrue(metrics.containsKey("commitTimeMs"), metrics.toString());

        // 2. a task throws inside a micro-batch
        long at = awaitEpoch(db, OWN_LOG, run, committed + 1);
        POISON.set((at + 2) * ROWS + 5);
        awaitFailure(run, "planned failure inside a micro-batch");
        POISON.set(-1);

        // 3. stopped, twice
        for (int k = 0; k < 2; k++) {
            run = restart(db, run, source("a"), "events", "a", "append", "commitLogTable", OWN_LOG);
            awaitEpoch(db, OWN_LOG, run, lastEpoch(db, OWN_LOG, run) + 1);
            run.stop();
        }
        other.stop();

        assertEveryRowOnce(db, "a", run);
        assertEveryRowOnce(db, "b", other);
        assertEquals("another-query 3", db.queryString("SELECT string_agg(query_id || ' ' || epoch, ',') FROM " + OWN_LOG
                + " WHERE query_id NOT IN ('" + id + "', '" + other.id() + "')"), "no other row in the log");
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'pgcopy_0123456789abe3_0_7'"));
        db.execute("DROP TABLE pgcopy_0123456789abe3_0_7");
        assertNoLeftovers(db);
    }

    /**
     * The query's rows are exactly the values of the epochs its commit log holds, each once — read in
     * one statement, so that a running query's next epoch (rows and log row commit together) cannot
     * slip in between.
     */
    private static void assertEveryRowOnce(TestDatabase db, String tag, StreamingQuery q) throws Exception {
        String counts = db.queryString("SELECT count(*) || ' ' || count(DISTINCT v) || ' ' || coalesce(max(v) + 1, 0)"
                + " || ' ' || (SELECT (coalesce(max(epoch), -1) + 1) * " + ROWS + " FROM " + OWN_LOG
                + " WHERE query_id = '" + q.id() + "') FROM events WHERE q = '" + tag + "'");
        String[] n = counts.split(" ");
        assertTrue(n[0].equals(n[1]) && n[1].equals(n[2]) && n[2].equals(n[3]),
                "query " + tag + ": rows, distinct values, max + 1, committed epochs x " + ROWS + ": " + counts);
    }

    @Test
    void updateAndCompleteKilledAndRestartedEndInTheExactState(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE counts_u (k int PRIMARY KEY, n bigint NOT NULL, maxv bigint NOT NULL)",
                "CREATE TABLE counts_c (k int NOT NULL, n bigint NOT NULL, maxv bigint NOT NULL)");
        String[][] modes = {{"update", "counts_u", "conflictColumns", "k"}, {"complete", "counts_c"}};
        StreamingQuery[] runs = new StreamingQuery[2];
        for (int m = 0; m < 2; m++) {
            runs[m] = start(db, counts(), modes[m][1], modes[m][1], modes[m][0], options(modes[m]));
        }
        for (int m = 0; m < 2; m++) {
            awaitEpoch(db, LOG, runs[m], 1);
            FailureInjection.failNextEpochCommitAfterDatabase(runs[m].id().toString());
            awaitFailure(runs[m], "injected failure after epoch");
        }
        for (int m = 0; m < 2; m++) {
            runs[m] = restart(db, runs[m], counts(), modes[m][1], modes[m][1], modes[m][0], options(modes[m]));
        }
        for (int m = 0; m < 2; m++) {
            awaitEpoch(db, LOG, runs[m], lastEpoch(db, LOG, runs[m]) + 1);
            runs[m].stop();
            // the state after the last epoch committed: values [0, epochs * ROWS), a tenth of them per key
            long epochs = lastEpoch(db, LOG, runs[m]) + 1;
            assertEquals("10/" + epochs * ROWS / 10 + "/" + epochs * ROWS / 10 + "/" + (epochs * ROWS - 1),
                    db.queryString("SELECT count(*) || '/' || min(n) || '/' || max(n) || '/' || max(maxv) FROM "
                            + modes[m][1]), modes[m][0]);
        }
        assertNoLeftovers(db);
    }

    private static Dataset<Row> counts() {
        return source("x").selectExpr("CAST(v % 10 AS INT) AS k", "v").groupBy("k")
                .agg(org.apache.spark.sql.functions.count("*").as("n"), org.apache.spark.sql.functions.max("v").as("maxv"));
    }

    private static String[] options(String[] mode) {
        return java.util.Arrays.copyOfRange(mode, 2, mode.length);
    }

    @Test
    void commitModesOtherThanJobAreRefused(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE refused (q text, v bigint)");
        for (String mode : List.of("task", "prepared")) {
            StreamingQuery q = start(db, source("r"), "refused", "refused_" + mode, "append", "commit", mode);
            awaitFailure(q, "exactly-once only with commit=job");
        }
        assertEquals(0, db.queryLong("SELECT count(*) FROM refused"));
    }

    private static Map<String, String> sinkMetrics(StreamingQuery q) {
        var progress = q.lastProgress();
        return progress == null ? Map.of() : progress.sink().metrics();
    }

    private static void assertNoLeftovers(TestDatabase db) throws Exception {
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgcopy\\_%' AND relname <> '"
                + LOG + "' AND relname NOT LIKE '" + LOG + "\\_%'") + db.queryLong("SELECT count(*) FROM pg_prepared_xacts"),
                "leftovers");
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) sb.append(t).append('\n');
        return sb.toString();
    }
}
