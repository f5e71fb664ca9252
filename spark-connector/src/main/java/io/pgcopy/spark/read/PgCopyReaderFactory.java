package io.pgcopy.spark.read;

import io.pgcopy.arrow.ArrowScan;
import io.pgcopy.protocol.ConnectionSpec;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Sent to the executors: opens a columnar reader per split. */
record PgCopyReaderFactory(ConnectionSpec connection, ArrowScan scan, int batchRows) implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        throw new UnsupportedOperationException("pgcopy reads are columnar only");
    }

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        return new PgCopyPartitionReader(connection, scan, (PgCopyInputPartition) partition, batchRows);
    }
}
