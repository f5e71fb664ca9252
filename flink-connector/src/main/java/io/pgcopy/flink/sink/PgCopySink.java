package io.pgcopy.flink.sink;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A Flink sink into one PostgreSQL table through binary COPY: one COPY stream per subtask, typed
 * against the table's real columns. Build it with {@link #builder()}:
 * <pre>{@code
 * stream.sinkTo(PgCopySink.<Order>builder()
 *     .url("jdbc:postgresql://host:5432/db").table("public.orders")
 *     .username("...").password("...")
 *     .rowConverter(converter)
 *     .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *     .build());
 * }</pre>
 * Everything is here but the concrete class, which comes from the module of the running Flink line
 * ({@link FlinkLine}): Flink 1.20 declares {@code Sink.createWriter(Sink.InitContext)} abstract, 2.x
 * has no such method, so no single class compiles against both.
 */
public abstract class PgCopySink<T> implements Sink<T>, SupportsCommitter<PgCopyCommittable>,
        SupportsWriterState<T, PgCopyWriterState>, SupportsPreCommitTopology<PgCopyCommittable, PgCopyCommittable> {
    private final SinkSettings settings;
    private final RowConverter<T> converter;

    PgCopySink(SinkSettings settings, RowConverter<T> converter) {
        this.settings = settings;
        this.converter = converter;
    }

    public static <T> PgCopySinkBuilder<T> builder() {
        return new PgCopySinkBuilder<>();
    }

    /** The writer of every Flink line: 1.20's runtime, too, creates writers through this form. */
    @Override
    public PgCopySinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new PgCopySinkWriter<>(context, settings, converter, List.of());
    }

    @Override
    public StatefulSinkWriter<T, PgCopyWriterState> restoreWriter(WriterInitContext context,
            Collection<PgCopyWriterState> states) throws IOException {
        return new PgCopySinkWriter<>(context, settings, converter, states);
    }

    @Override
    public SimpleVersionedSerializer<PgCopyWriterState> getWriterStateSerializer() {
        return new PgCopyWriterState.Serializer();
    }

    @Override
    public Committer<PgCopyCommittable> createCommitter(CommitterInitContext context) {
        return new PgCopyCommitter(settings, context.getTaskInfo().getIndexOfThisSubtask(), context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<PgCopyCommittable> getCommittableSerializer() {
        return new PgCopyCommittable.Serializer();
    }

    /**
     * Exactly-once: the committer gets a task of its own instead of sharing the writer's thread.
     * Chained, a checkpoint whose PREPAREd transaction still holds rows that the next checkpoint's
     * upsert updates deadlocks: the update waits on the task thread for the COMMIT PREPARED that
     * only that same thread would run. The hand-off keeps each writer subtask's committables on
     * the committer subtask of the same index, as the committer expects.
     */
    @Override
    public DataStream<CommittableMessage<PgCopyCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<PgCopyCommittable>> committables) {
        if (!settings.exactlyOnce()) return committables;
        return committables.map(new CommitHandOff()).returns(committables.getType())
                .setParallelism(committables.getParallelism()).name("pgcopy commit hand-off").startNewChain();
    }

    @Override
    public SimpleVersionedSerializer<PgCopyCommittable> getWriteResultSerializer() {
        return new PgCopyCommittable.Serializer();
    }

    @Override
    public String toString() {
        return "PgCopySink into " + settings.table() + " at " + settings.connection() + " (" + settings.guarantee() + ")";
    }
}
