package io.pgcopy.flink.sink;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

/** Local MiniCluster jobs for the sink tests: parallelism 2, fast checkpoints, fixed-delay restarts. */
public final class FlinkJobs {
    static final RowType EVENT = RowType.of(new LogicalType[] {new BigIntType(false), VarCharType.STRING_TYPE},
            new String[] {"id", "payload"});

    private FlinkJobs() {}

    static StreamExecutionEnvironment environment(long checkpointMillis) {
        return environment(checkpointMillis, true);
    }

    static StreamExecutionEnvironment environment(long checkpointMillis, boolean restarts) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, restarts ? "fixed-delay" : "none");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        if (checkpointMillis > 0) conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(checkpointMillis));
        return StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    }

    /**
     * The table environment as every line's tests need it. Flink 2.3 refuses an upsert into a primary key
     * the query's own upsert key differs from unless the INSERT says ON CONFLICT, which older lines do not
     * parse; this option (unknown before 2.3, and ignored there) keeps one INSERT text for every line.
     */
    public static <E extends TableEnvironment> E sql(E t) {
        t.getConfig().set("table.exec.sink.require-on-conflict", "false");
        return t;
    }

    /** Ids 0 .. count-1, about {@code perSecond} of them a second over the whole job, checkpointed. */
    static DataGeneratorSource<Long> ids(long count, double perSecond) {
        return new DataGeneratorSource<>(i -> i, count, RateLimiterStrategy.perSecond(perSecond), Types.LONG);
    }

    static InternalTypeInfo<RowData> eventType() {
        return InternalTypeInfo.of(EVENT);
    }

    /** Events {@code (id, 'p<id>')} for ids 0 .. count-1, as fast as they go. */
    static DataStream<RowData> events(StreamExecutionEnvironment env, long count) {
        return env.fromSequence(0, count - 1).map(id -> (RowData) GenericRowData.of(id, StringData.fromString("p" + id)))
                .returns(eventType());
    }

    /**
     * Passes ids through and throws once, for the whole JVM, on an id at or above {@code from} once
     * this subtask saw a checkpoint complete: a failure with something committed before it.
     */
    static final class FailOnceAfterCheckpoint implements MapFunction<Long, Long>, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final long from;
        private boolean checkpointCompleted;

        FailOnceAfterCheckpoint(long from) {
            this.from = from;
        }

        @Override
        public Long map(Long id) {
            if (checkpointCompleted && id >= from && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("planned failure at id " + id + " (test)");
            }
            return id;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }
    }
}
