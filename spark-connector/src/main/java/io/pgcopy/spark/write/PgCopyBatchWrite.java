package io.pgcopy.spark.write;

import io.pgcopy.copy.ServerFailures;
import io.pgcopy.protocol.JobCommitter;
import io.pgcopy.protocol.TaskResult;
import io.pgcopy.protocol.WriteSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructType;

/** The job: tasks write through the commit protocol of the spec; the driver commits or aborts. */
final class PgCopyBatchWrite implements BatchWrite {
    private final WriteSpec spec;
    private final StructType schema;
    private volatile long rowsMerged;

    PgCopyBatchWrite(WriteSpec spec, StructType schema) {
        this.spec = spec;
        this.schema = schema;
    }

    @Override
    public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
        return new PgCopyDataWriterFactory(spec, schema);
    }

    /** One committing attempt per partition, so retries and speculative copies never double rows. */
    @Override
    public boolean useCommitCoordinator() {
        return true;
    }

    @Override
    public void commit(WriterCommitMessage[] messages) {
        List<TaskResult> results = new ArrayList<>();
        for (WriterCommitMessage m : messages) {
            if (m instanceof PgCopyCommitMessage c) results.add(c.result());
        }
        try {
            rowsMerged = JobCommitter.commit(spec, results).rowsMerged();
        } catch (SQLException e) {
            throw new IllegalStateException("committing the write into " + spec.plan().table().name()
                    + " failed: " + e.getMessage() + ServerFailures.hint(spec.plan().table().name().toString(), e), e);
        }
    }

    long rowsMerged() {
        return rowsMerged;
    }

    @Override
    public void abort(WriterCommitMessage[] messages) {
        try {
            JobCommitter.abort(spec);
        } catch (SQLException e) {
            throw new IllegalStateException("cleaning up the failed write into " + spec.plan().table().name()
                    + " failed (job " + spec.jobId() + "): " + e.getMessage()
                    + ServerFailures.hint(spec.plan().table().name().toString(), e), e);
        }
    }
}
