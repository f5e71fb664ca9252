package io.pgcopy.arrow;

import io.pgcopy.codec.BinaryCopyReader;
import io.pgcopy.copy.PgCopyReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a table or query into Arrow batches through {@code COPY (SELECT ...) TO STDOUT (FORMAT
 * binary)}. One {@link VectorSchemaRoot} is reused for every batch, so memory is bounded by the
 * batch size; its contents are valid until the next {@link #loadNextBatch()}. Usage:
 * <pre>{@code
 * try (PgArrowReader r = PgArrow.reader(conn, "public.t", 65536, allocator, ReadOptions.DEFAULT)) {
 *     VectorSchemaRoot root = r.root();
 *     while (r.loadNextBatch()) consume(root);
 * }
 * }</pre>
 *
 * <p>The COPY starts at the first {@code loadNextBatch}. Closing the reader before the end cancels
 * the COPY (in an explicit transaction, that aborts the transaction). The connection and its
 * transaction remain the caller's. Not thread-safe.
 */
public final class PgArrowReader implements AutoCloseable {
    private final Connection connection;
    private final ReadPlanner.Plan plan;
    private final int batchRows;
    private final ColumnDecoder[] decoders;
    private final VectorSchemaRoot root;
    private PgCopyReader copy;
    private BinaryCopyReader reader;
    private boolean done;
    private boolean failed;
    private boolean closed;
    private long rows;

    PgArrowReader(Connection connection, ReadPlanner.Plan plan, int batchRows, BufferAllocator allocator) {
        if (batchRows < 1) throw new IllegalArgumentException("batchRows must be positive: " + batchRows);
        this.connection = connection;
        this.plan = plan;
        this.batchRows = batchRows;
        List<ReadPlanner.Planned> columns = plan.columns();
        this.decoders = new ColumnDecoder[columns.size()];
        this.root = VectorSchemaRoot.create(plan.schema(), allocator);
        try {
            for (int c = 0; c < decoders.length; c++) {
                decoders[c] = columns.get(c).decoder();
                FieldVector v = root.getVector(c);
                v.setInitialCapacity(batchRows);
                v.allocateNew();
                decoders[c].bind(v);
            }
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** The Arrow schema of the batches; field metadata {@code pgcopy.pg_type} names each column's PostgreSQL type. */
    public Schema schema() {
        return root.getSchema();
    }

    /** The root every batch is loaded into. */
    public VectorSchemaRoot root() {
        return root;
    }

    /** The COPY statement this reader runs. */
    public String copySql() {
        return plan.copySql();
    }

    /** Rows read so far. */
    public long rowsRead() {
        return rows;
    }

    /** Bytes of COPY data received so far. */
    public long bytesRead() {
        return reader == null ? 0 : reader.bytesRead();
    }

    /**
     * Loads the next batch of at most {@code batchRows} rows into {@link #root()}.
     *
     * @return false when there are no more rows (the root then has 0 rows)
     * @throws ReadValueException when a value cannot become an Arrow value (the COPY is cancelled)
     * @throws IOException when the COPY stream fails or is malformed
     */
    public boolean loadNextBatch() throws IOException {
        if (closed) throw new IllegalStateException("the reader is closed");
        if (failed) throw new IllegalStateException("the reader failed earlier");
        for (int i = 0; i < decoders.length; i++) {
            FieldVector v = root.getVector(i);
            v.reset();
            decoders[i].bind(v); // a consumer may have released the buffers: decoders re-read the capacity
        }
        if (done) {
            root.setRowCount(0);
            return false;
        }
        int n = 0;
        int c = 0;
        try {
            if (reader == null) start();
            int columns = decoders.length;
            while (n < batchRows && reader.nextRow()) {
                if (reader.fieldCount() != columns) {
                    throw new IOException("COPY row " + reader.rowsRead() + " has " + reader.fieldCount()
                            + " fields, expected " + columns);
                }
                for (c = 0; c < columns; c++) {
                    int len = reader.nextField();
                    if (len < 0) {
                        decoders[c].setNull(n);
                    } else {
                        decoders[c].decode(reader.buffer(), reader.offset(), len, n);
                    }
                }
                n++;
                rows++;
            }
            if (n < batchRows) finish();
        } catch (DecodeException e) {
            fail();
            ReadPlanner.Planned p = plan.columns().get(c);
            throw new ReadValueException(plan.source(), p.column().name(), rows + 1, p.column().typeDisplay(),
                    e.getMessage());
        } catch (IOException | RuntimeException e) {
            fail();
            throw e;
        }
        root.setRowCount(n);
        return n > 0;
    }

    private void start() throws IOException {
        try {
            copy = new PgCopyReader(connection, plan.copySql());
        } catch (SQLException e) {
            throw new IOException("cannot start " + plan.copySql() + ": " + e.getMessage(), e);
        }
        reader = copy.rows();
    }

    private void finish() throws IOException {
        done = true;
        cancel();
    }

    private void fail() {
        failed = true;
        try {
            cancel();
        } catch (IOException ignored) {
            // the first error is the one the caller gets
        }
    }

    private void cancel() throws IOException {
        if (copy == null) return;
        try {
            copy.close();
        } catch (SQLException e) {
            throw new IOException("cannot cancel " + plan.copySql() + ": " + e.getMessage(), e);
        } finally {
            copy = null;
        }
    }

    /**
     * Releases the batch vectors and, if the COPY has not ended, cancels it (waiting until the
     * connection is free again).
     */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            cancel();
        } finally {
            root.close();
        }
    }
}
