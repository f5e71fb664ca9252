package io.pgcopy.flink.sink.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.flink.sink.PgCopySinkBuilder;
import io.pgcopy.protocol.WriterStartFailures;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sink writer that fails while it starts — after its connection was opened and an upsert sink's
 * stage made, before Flink holds the writer and could close it — fails the job (no restarts) with
 * that error and leaves no pgcopy session and no staging table; an Error as much as an exception.
 * Before, an Error there leaked the writer's session.
 */
@ExtendWith(PostgresExtension.class)
class WriterStartFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String INJECTED = "injected writer start failure";

    private FaultDb db;

    @BeforeEach
    void connect(TestDatabase test) {
        db = new FaultDb(test.url());
    }

    @AfterEach
    void disarm() {
        WriterStartFailures.failNext(0, null);
    }

    @ParameterizedTest(name = "{0}, upsert={1}, error={2}")
    @CsvSource({"AT_LEAST_ONCE, false, true", "EXACTLY_ONCE, true, true", "AT_LEAST_ONCE, true, false",
        "EXACTLY_ONCE, false, false"})
    void aWriterFailingToStartLeavesNoSessionOrStage(DeliveryGuarantee guarantee, boolean upsert, boolean error)
            throws Exception {
        String table = ("s_" + guarantee.name() + "_" + upsert + "_" + error).toLowerCase(java.util.Locale.ROOT);
        db.execute("CREATE TABLE " + table + " (id bigint NOT NULL" + (upsert ? " PRIMARY KEY" : "")
                + ", payload text NOT NULL)");
        Supplier<Throwable> failure = error ? () -> new Error(INJECTED) : () -> new IllegalStateException(INJECTED);
        // both subtasks: the job fails at the start of either
        WriterStartFailures.failNext(2, failure);
        StreamExecutionEnvironment env = FaultJobs.environment(0, Duration.ZERO);
        PgCopySinkBuilder<RowData> sink = FaultJobs.sink(db.url(), table, guarantee);
        FaultJobs.events(env, 1_000, 10_000).sinkTo((upsert ? sink.upsertKey(List.of("id")) : sink).build());
        JobClient job = env.executeAsync("start failure " + table);
        Exception e = assertThrows(Exception.class, () -> FaultJobs.awaitEnd(job, WAIT));
        String text = ExceptionUtils.stringifyException(e);
        assertTrue(text.contains(INJECTED), text);
        db.awaitNoPgcopySession(Duration.ofSeconds(20));
        assertEquals(List.of(), db.leftovers().stages(), "staging tables left");
        assertEquals(List.of(), db.leftovers().busyStages(), "staging tables left, locked");
        assertEquals(0, db.preparedTransactions(), "prepared transactions left");
    }
}
