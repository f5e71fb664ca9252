package io.pgcopy.spark.write;

import io.pgcopy.copy.ServerFailures;
import io.pgcopy.protocol.TaskWriter;
import io.pgcopy.protocol.WriterStartFailures;
import io.pgcopy.spark.SparkRowValues;
import java.io.IOException;
import java.sql.SQLException;
import io.pgcopy.spark.metrics.BytesSent;
import io.pgcopy.spark.metrics.CopyTime;
import io.pgcopy.spark.metrics.MetricValue;
import io.pgcopy.spark.metrics.RowsWritten;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/** One task attempt: Spark rows into one binary COPY. */
final class PgCopyDataWriter implements DataWriter<InternalRow> {
    private final TaskWriter writer;
    private final SparkRowValues values;
    private final String table;

    /** Takes over {@code writer}: the caller closes it only if this constructor throws. */
    PgCopyDataWriter(TaskWriter writer, SparkRowValues values, String table) {
        WriterStartFailures.throwIfArmed();
        this.writer = writer;
        this.table = table;
        this.values = values;
    }

    @Override
    public void write(InternalRow row) {
        writer.write(values.set(row));
    }

    @Override
    public WriterCommitMessage commit() throws IOException {
        try {
            PgCopyCommitMessage message = new PgCopyCommitMessage(writer.commit());
            if (FailureInjection.failAfterTaskCommit()) {
                throw new IOException("injected failure after the task's COPY was committed (tests only)");
            }
            return message;
        } catch (SQLException e) {
            throw new IOException("committing the COPY into " + table + " failed: " + e.getMessage()
                    + ServerFailures.hint(table, e), e);
        }
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return new CustomTaskMetric[] {new MetricValue(RowsWritten.NAME, writer.rowsWritten()),
            new MetricValue(BytesSent.NAME, writer.bytesWritten()),
            new MetricValue(CopyTime.NAME, writer.copyNanos() / 1_000_000)};
    }

    @Override
    public void abort() {
        writer.abort();
    }

    @Override
    public void close() {
        writer.close();
    }
}
