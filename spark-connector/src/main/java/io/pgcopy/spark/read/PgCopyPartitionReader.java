package io.pgcopy.spark.read;

import io.pgcopy.arrow.ArrowScan;
import io.pgcopy.arrow.PgArrowReader;
import io.pgcopy.copy.ServerFailures;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.read.ExportedSnapshot;
import io.pgcopy.spark.metrics.BytesReceived;
import io.pgcopy.spark.metrics.MetricValue;
import io.pgcopy.spark.metrics.ReadTime;
import io.pgcopy.spark.metrics.RowsRead;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.util.ArrowUtils;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one split: one connection, one COPY, decoded straight into Arrow vectors that Spark sees
 * as a ColumnarBatch. The vectors are reused for every batch, so memory is bounded by the batch
 * size whatever the table's size; everything is released at close, and a leak fails the task.
 */
final class PgCopyPartitionReader implements PartitionReader<ColumnarBatch> {
    private static final String INVALID_SNAPSHOT = "22023";

    private final ConnectionSpec spec;
    private final ArrowScan scan;
    private final PgCopyInputPartition split;
    private final int batchRows;
    private BufferAllocator allocator;
    private Connection connection;
    private PgArrowReader reader;
    private ColumnarBatch batch;
    private long nanos;

    PgCopyPartitionReader(ConnectionSpec spec, ArrowScan scan, PgCopyInputPartition split, int batchRows) {
        this.spec = spec;
        this.scan = scan;
        this.split = split;
        this.batchRows = batchRows;
    }

    @Override
    public boolean next() throws IOException {
        long start = System.nanoTime();
        try {
            if (reader == null) open();
            boolean more;
            try {
                more = reader.loadNextBatch();
            } catch (IOException e) {
                // pgjdbc's "Database connection failed when reading from copy" says neither what nor why
                throw new IOException("reading split " + split.index() + " of " + scan.source() + " failed: "
                        + e.getMessage() + ServerFailures.hint(scan.source(), e), e);
            }
            List<FieldVector> vectors = reader.root().getFieldVectors();
            ColumnVector[] columns = new ColumnVector[vectors.size()];
            for (int i = 0; i < columns.length; i++) columns[i] = columnVector(vectors.get(i));
            batch = new ColumnarBatch(columns, reader.root().getRowCount());
            return more;
        } finally {
            nanos += System.nanoTime() - start;
        }
    }

    private static ColumnVector columnVector(FieldVector v) {
        return v instanceof DecimalVector d && CompactDecimalColumnVector.fits(d) ? new CompactDecimalColumnVector(d)
                : new ReusedArrowColumnVector(v);
    }

    private void open() throws IOException {
        allocator = ArrowUtils.rootAllocator().newChildAllocator("pgcopy split " + split.index(), 0, Long.MAX_VALUE);
        try {
            connection = spec.open();
            if (split.snapshotId() != null) useSnapshot();
            reader = scan.open(connection, split.copySql(), batchRows, allocator);
        } catch (SQLException e) {
            throw new IOException("cannot read split " + split.index() + " of " + scan.source() + ": "
                    + e.getMessage() + ServerFailures.hint(scan.source(), e), e);
        }
    }

    private void useSnapshot() throws SQLException {
        try {
            ExportedSnapshot.use(connection, split.snapshotId());
        } catch (SQLException e) {
            if (!INVALID_SNAPSHOT.equals(e.getSQLState())) throw e;
            throw new SQLException("the consistent snapshot of this scan is gone: it is released when the query that"
                    + " planned it ends, and lost when the server restarted or the session holding it was terminated;"
                    + " load the DataFrame again (or read with snapshot=none) to run another action", e);
        }
    }

    @Override
    public ColumnarBatch get() {
        return batch;
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return new CustomTaskMetric[] {new MetricValue(RowsRead.NAME, reader == null ? 0 : reader.rowsRead()),
            new MetricValue(BytesReceived.NAME, reader == null ? 0 : reader.bytesRead()),
            new MetricValue(ReadTime.NAME, nanos / 1_000_000)};
    }

    /**
     * Rolls back the read-only snapshot transaction. On a connection the server has already ended
     * (restart, terminated backend) that fails, and needs not succeed: closing ends the session.
     */
    private void endTransaction(Connection c) {
        try {
            if (c != null && !c.isClosed() && !c.getAutoCommit()) c.rollback();
        } catch (SQLException ignored) {
            // the session is gone, and its transaction with it
        }
    }

    @Override
    public void close() throws IOException {
        // the reader first: it cancels an unfinished COPY, which must end before the rollback
        try (BufferAllocator a = allocator; Connection c = connection) {
            if (reader != null) reader.close();
            endTransaction(c);
        } catch (SQLException e) {
            throw new IOException("cannot close the connection of split " + split.index() + ": " + e.getMessage(), e);
        }
    }
}
