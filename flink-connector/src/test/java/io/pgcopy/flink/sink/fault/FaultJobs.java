package io.pgcopy.flink.sink.fault;

import io.pgcopy.flink.sink.PgCopySink;
import io.pgcopy.flink.sink.PgCopySinkBuilder;
import io.pgcopy.flink.sink.RowConverter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

/**
 * Jobs for the fault tests: parallelism 2, a checkpoint every 200 ms, a rate-limited source of
 * {@code (id, 'event <id>')} slow enough that the fault lands while it runs.
 */
final class FaultJobs {
    static final RowType EVENT = RowType.of(new LogicalType[] {new BigIntType(false), VarCharType.STRING_TYPE},
            new String[] {"id", "payload"});
    static final long CHECKPOINT_MILLIS = 200;

    private FaultJobs() {}

    /** {@code restarts} fixed-delay restarts, {@code delay} apart (0 restarts: the first failure ends the job). */
    static StreamExecutionEnvironment environment(int restarts, Duration delay) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, restarts > 0 ? "fixed-delay" : "none");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(CHECKPOINT_MILLIS));
        return StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    }

    static RowData event(long id) {
        return GenericRowData.of(id, StringData.fromString("event " + id));
    }

    /** Ids 0 .. count-1 at about {@code perSecond} in all, checkpointed: a restore replays from the checkpoint. */
    static DataStream<RowData> events(StreamExecutionEnvironment env, long count, double perSecond) {
        DataGeneratorSource<RowData> source = new DataGeneratorSource<>(FaultJobs::event, count,
                RateLimiterStrategy.perSecond(perSecond), InternalTypeInfo.of(EVENT));
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").map(new CountAttempts())
                .returns(InternalTypeInfo.of(EVENT));
    }

    static PgCopySinkBuilder<RowData> sink(String url, String table, DeliveryGuarantee guarantee) {
        return PgCopySink.<RowData>builder().url(url).table(table).rowConverter(RowConverter.rowData(EVENT))
                .deliveryGuarantee(guarantee);
    }

    /** Waits for the job's end; a job that does not end in time is a hang, and is cancelled. */
    static void awaitEnd(JobClient job, Duration timeout) throws Exception {
        try {
            job.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            job.cancel();
            throw new AssertionError("the job hung: not done after " + timeout, e);
        }
    }

    /** Counts the subtask attempts that started (2 per run of the job at parallelism 2): restarts show. */
    static final class CountAttempts extends RichMapFunction<RowData, RowData> {
        static final AtomicInteger STARTED = new AtomicInteger();

        @Override
        public void open(OpenContext context) {
            STARTED.incrementAndGet();
        }

        @Override
        public RowData map(RowData row) {
            return row;
        }
    }
}
