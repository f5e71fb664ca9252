package io.pgcopy.spark.write;

import io.pgcopy.copy.ServerFailures;
import io.pgcopy.protocol.TaskWriter;
import io.pgcopy.protocol.WriteSpec;
import java.sql.SQLException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.types.StructType;

/** Shipped to the executors: opens one COPY per task attempt. */
final class PgCopyDataWriterFactory implements DataWriterFactory {
    private static final long serialVersionUID = 1L;
    private final WriteSpec spec;
    private final StructType schema;

    PgCopyDataWriterFactory(WriteSpec spec, StructType schema) {
        this.spec = spec;
        this.schema = schema;
    }

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
        try {
            return new PgCopyDataWriter(TaskWriter.open(spec, partitionId, taskId), schema,
                    spec.plan().table().name().toString());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the COPY into " + spec.plan().table().name() + ": "
                    + e.getMessage() + ServerFailures.hint(spec.plan().table().name().toString(), e), e);
        }
    }
}
