package io.pgcopy.spark.write;

import io.pgcopy.copy.Closing;
import io.pgcopy.copy.ServerFailures;
import io.pgcopy.protocol.TaskWriter;
import io.pgcopy.protocol.WriteSpec;
import io.pgcopy.spark.SparkRowValues;
import java.sql.SQLException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Shipped to the executors: opens one COPY per task attempt. Spark neither aborts nor closes a
 * writer whose creation failed, so the COPY is opened last and closed here if anything after it
 * throws: a leaked session would sit in its COPY holding the stage's lock, and the job abort's
 * drop of that stage would wait for it.
 */
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
        String table = spec.plan().table().name().toString();
        SparkRowValues values = new SparkRowValues(schema);
        TaskWriter writer = open(partitionId, taskId, table);
        try {
            return new PgCopyDataWriter(writer, values, table);
        } catch (Throwable e) {
            Closing.closeAfter(writer, e);
            throw e;
        }
    }

    private TaskWriter open(int partitionId, long taskId, String table) {
        try {
            return TaskWriter.open(spec, partitionId, taskId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the COPY into " + table + ": " + e.getMessage()
                    + ServerFailures.hint(table, e), e);
        }
    }
}
