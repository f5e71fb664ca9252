package io.pgcopy.spark.write;

import io.pgcopy.protocol.WriteSpec;
import io.pgcopy.stream.EpochCommitLog;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.types.StructType;

/** Shipped to the executors: a micro-batch task writes as a batch task does, under its epoch's job id. */
final class PgCopyStreamingWriterFactory implements StreamingDataWriterFactory {
    private static final long serialVersionUID = 1L;
    private final WriteSpec spec;
    private final StructType schema;
    private final EpochCommitLog log;

    PgCopyStreamingWriterFactory(WriteSpec spec, StructType schema, EpochCommitLog log) {
        this.spec = spec;
        this.schema = schema;
        this.log = log;
    }

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId, long epochId) {
        return new PgCopyDataWriterFactory(spec.withJobId(log.jobId(epochId)), schema).createWriter(partitionId, taskId);
    }
}
