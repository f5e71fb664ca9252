package io.pgcopy.flink.sink.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.flink.sink.PgCopySinkBuilder;
import io.pgcopy.protocol.Leftovers;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.JobSubmissionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sixty jobs that end badly — a bad value, a terminated backend, a cancel (JobClient.cancel()) at a
 * random moment of a COPY — into insert and upsert sinks, at-least-once and exactly-once, with no
 * restarts, on one MiniCluster: afterwards no pgcopy session is open, no thread runs pgcopy or pgjdbc
 * code, and the only prepared transactions left (Leftovers, behind {@code pgcopy cleanup}, finds
 * them by name) are those of a sink's last job, which a restore could still need; the sink's next
 * run removes them, and then no staging table or prepared transaction is left.
 */
@ExtendWith(PostgresExtension.class)
class FailedAndCancelledJobsLeaveNothingTest {
    private static final int ROUNDS = 5;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static MiniCluster flink;

    private FaultDb db;
    /** Each sink's last job, as its gids name it. */
    private final Map<Sink, String> lastJobs = new java.util.EnumMap<>(Sink.class);

    /** The sinks, one table each. */
    private enum Sink {
        INSERT_AT_LEAST_ONCE, INSERT_EXACTLY_ONCE, UPSERT_AT_LEAST_ONCE, UPSERT_EXACTLY_ONCE;

        String table() {
            return "h_" + name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean upsert() {
            return name().startsWith("UPSERT");
        }

        PgCopySinkBuilder<RowData> builder(String url) {
            PgCopySinkBuilder<RowData> b = FaultJobs.sink(url, table(), name().endsWith("EXACTLY_ONCE")
                    ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
            return upsert() ? b.upsertKey(List.of("id")) : b;
        }
    }

    /** How a job ends. */
    private enum Ending { BAD_VALUE, TERMINATED_BACKEND, CANCELLED }

    @BeforeAll
    static void startFlink() throws Exception {
        flink = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(new Configuration())
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(4).build());
        flink.start();
    }

    @AfterAll
    static void stopFlink() throws Exception {
        if (flink != null) flink.close();
    }

    @Test
    void sixtyFailedAndCancelledJobsLeaveNoSessionStagePreparedTransactionOrThread(TestDatabase test) throws Exception {
        db = new FaultDb(test.url());
        for (Sink s : Sink.values()) {
            db.execute("CREATE TABLE " + s.table() + " (id bigint NOT NULL" + (s.upsert() ? " PRIMARY KEY" : "")
                    + ", payload text NOT NULL)");
        }
        Random random = new Random(42);
        int jobs = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (Ending ending : Ending.values()) {
                for (Sink sink : Sink.values()) {
                    run(sink, ending, random);
                    jobs++;
                }
            }
        }
        assertEquals(60, jobs);
        db.awaitNoPgcopySession(WAIT);
        // a job cancelled or failed between a PREPARE and its COMMIT keeps that checkpoint's
        // transactions (a restore may need them) and, locked by them, its stage; the sink's
        // next fresh run rolls them back: so only the last job of a sink may have left any
        Leftovers.Found found = db.leftovers();
        for (Leftovers.Prepared p : found.prepared()) {
            assertTrue(lastJobs.values().stream().anyMatch(tag -> p.gid().contains("_" + tag + "_")),
                    p.gid() + " is not of a sink's last job " + lastJobs);
        }
        assertEquals(List.of(), found.stages(), "staging tables left unlocked");
        for (Sink sink : Sink.values()) runToTheEnd(sink);
        db.awaitNoPgcopySession(WAIT);
        found = db.leftovers();
        assertEquals(List.of(), found.stages(), "staging tables left");
        assertEquals(List.of(), found.busyStages(), "staging tables still locked");
        assertEquals(List.of(), found.prepared(), "prepared transactions left");
        Poll.until(() -> "no thread running pgcopy or pgjdbc code: " + threadsInPgcopy(), WAIT,
                () -> threadsInPgcopy().isEmpty());
    }

    private void run(Sink sink, Ending ending, Random random) throws Exception {
        StreamExecutionEnvironment env = FaultJobs.environment(0, Duration.ZERO);
        DataStream<RowData> rows = ending == Ending.BAD_VALUE ? withBadValue(env)
                : FaultJobs.events(env, 1_000_000, 1_000);
        rows.sinkTo(sink.builder(db.url()).build());
        JobID id = submit(env);
        lastJobs.put(sink, id.toHexString().substring(0, 8));
        JobClient job = new MiniClusterJobClient(id, flink, getClass().getClassLoader(),
                MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
        JobStatus expected = JobStatus.FAILED;
        Backends backends = new Backends(db);
        if (ending == Ending.TERMINATED_BACKEND) {
            backends.terminate(backends.awaitCopy(sink.table(), WAIT));
        } else if (ending == Ending.CANCELLED) {
            backends.awaitCopy(sink.table(), WAIT);
            // anywhere in the checkpoint cycle: mid-COPY, at a PREPARE, before a commit
            Thread.sleep(random.nextInt((int) (2 * FaultJobs.CHECKPOINT_MILLIS)));
            job.cancel().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            expected = JobStatus.CANCELED;
        }
        flink.requestJobResult(id).get(60, TimeUnit.SECONDS);
        // asked of the cluster: JobResult's own status getter differs between Flink 1.20 and 2.3
        assertEquals(expected, flink.getJobStatus(id).get(), sink + " " + ending);
    }

    /**
     * MiniCluster.submitJob takes a JobGraph on Flink 1.20 and an ExecutionPlan — which a JobGraph is —
     * on 2.x: one call for both lines, found by name, since this class is compiled against 1.20 only.
     */
    private JobID submit(StreamExecutionEnvironment env) throws Exception {
        JobGraph graph = env.getStreamGraph().getJobGraph();
        Method submit = Arrays.stream(MiniCluster.class.getMethods())
                .filter(m -> m.getName().equals("submitJob") && m.getParameterCount() == 1).findFirst().orElseThrow();
        return ((JobSubmissionResult) ((CompletableFuture<?>) submit.invoke(flink, graph)).get()).getJobID();
    }

    /** A job of the sink that ends well: its writers start fresh, so they roll back what earlier jobs left. */
    private void runToTheEnd(Sink sink) throws Exception {
        StreamExecutionEnvironment env = FaultJobs.environment(0, Duration.ZERO);
        FaultJobs.events(env, 200, 2_000).sinkTo(sink.builder(db.url()).build());
        JobID id = submit(env);
        flink.requestJobResult(id).get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, flink.getJobStatus(id).get(), sink + " ran to the end");
    }

    /** 40 rows, one with a NUL in its text, which PostgreSQL cannot store: the COPY fails on the client. */
    private static DataStream<RowData> withBadValue(StreamExecutionEnvironment env) {
        List<RowData> rows = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
            rows.add(i == 30 ? GenericRowData.of(i, StringData.fromString("bad\0value")) : FaultJobs.event(i));
        }
        return env.fromData(rows, InternalTypeInfo.of(FaultJobs.EVENT));
    }

    /** Live threads with pgcopy's main code or pgjdbc on their stack (pgjdbc's idle cleaner aside). */
    private static List<String> threadsInPgcopy() {
        List<String> found = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() == Thread.currentThread()) continue;
            for (StackTraceElement frame : e.getValue()) {
                String c = frame.getClassName();
                boolean pgcopy = c.startsWith("io.pgcopy.") && !c.startsWith("io.pgcopy.flink.sink.fault.")
                        && !c.startsWith("io.pgcopy.testing.");
                boolean pgjdbc = c.startsWith("org.postgresql.") && !c.startsWith("org.postgresql.util.LazyCleaner");
                if (pgcopy || pgjdbc) {
                    found.add(e.getKey().getName() + " at " + frame);
                    break;
                }
            }
            if (e.getKey().getName().contains("Sink: Writer")) found.add(e.getKey().getName());
        }
        return found;
    }
}
