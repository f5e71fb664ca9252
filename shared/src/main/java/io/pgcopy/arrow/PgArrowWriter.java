package io.pgcopy.arrow;

import io.pgcopy.copy.PgCopyWriter;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.sql.TableName;
import io.pgcopy.values.SourceField;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Bulk-loads Arrow batches into one PostgreSQL table through one binary {@code COPY ... FROM
 * STDIN}. The Arrow schema is mapped onto the table's real column types when the writer is opened
 * (fields by name; table columns absent from the schema get their DEFAULT), so an incompatible
 * schema fails before any row is sent. Usage:
 * <pre>{@code
 * try (PgArrowWriter w = PgArrow.writer(conn, "public.t", root.getSchema(), MappingOptions.DEFAULT)) {
 *     w.write(root);            // as many batches as needed
 *     long rows = w.finish();
 * }
 * }</pre>
 *
 * <p>A bad value cancels the COPY and throws a {@link io.pgcopy.codec.CopyValueException} naming
 * the table, column, row and value; a server error throws a
 * {@link io.pgcopy.copy.CopyFailedException}. Transactions are the caller's: in autocommit mode
 * the COPY is its own transaction; otherwise commit or roll back after {@link #finish()}. Closing a
 * writer that was not finished cancels the COPY. Not thread-safe.
 */
public final class PgArrowWriter implements AutoCloseable {
    private final List<SourceField> fields;
    private final WritePlan plan;
    private final PgCopyWriter copy;
    private final ArrowRowValues values;

    PgArrowWriter(Connection connection, TableName table, Schema schema, MappingOptions options) throws SQLException {
        this.fields = ArrowSchemas.sourceFields(schema);
        this.plan = WritePlanner.plan(connection, table, fields, options == null ? MappingOptions.DEFAULT : options);
        this.copy = new PgCopyWriter(connection, plan);
        this.values = new ArrowRowValues(List.of());
    }

    /** The checked mapping of the Arrow fields onto the table's columns. */
    public WritePlan plan() {
        return plan;
    }

    /** Sends every row of {@code root}, whose schema must be the one the writer was opened with. */
    public void write(VectorSchemaRoot root) {
        if (!sameShape(ArrowSchemas.sourceFields(root.getSchema()))) {
            copy.abort();
            throw new IllegalArgumentException("the batch's schema " + root.getSchema()
                    + " differs from the schema the writer was opened with: " + fields);
        }
        values.bind(root);
        int n = root.getRowCount();
        for (int r = 0; r < n; r++) copy.write(values.row(r));
    }

    /** Same names and source types (nullability may differ from batch to batch). */
    private boolean sameShape(List<SourceField> batch) {
        if (batch.size() != fields.size()) return false;
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.get(i).name().equals(fields.get(i).name()) || !batch.get(i).type().equals(fields.get(i).type())) {
                return false;
            }
        }
        return true;
    }

    /** Ends the COPY; returns the number of rows the server took. */
    public long finish() {
        return copy.finish();
    }

    /** Cancels the COPY: the server keeps none of its rows. */
    public void abort() {
        copy.abort();
    }

    public long rowsWritten() {
        return copy.rowsWritten();
    }

    public long bytesWritten() {
        return copy.bytesWritten();
    }

    /** Cancels the COPY unless it was finished. */
    @Override
    public void close() {
        copy.close();
    }
}
