package io.pgcopy.copy;

import io.pgcopy.codec.CopyBuffer;
import io.pgcopy.codec.RowEncoder;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.sql.TableName;
import io.pgcopy.values.IndexedValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into one binary {@code COPY ... FROM STDIN} over pgjdbc. Rows are encoded into a
 * reusable buffer that goes to the server in chunks of about {@code bufferBytes}, each sent by a
 * {@link BackgroundSender} while the next is encoded: memory stays bounded (two chunks) however
 * many rows pass. Transactions are the caller's: the writer neither commits nor
 * rolls back, it only ends ({@link #finish}) or cancels ({@link #abort}) the COPY.
 */
public final class PgCopyWriter implements AutoCloseable {
    public static final int DEFAULT_BUFFER_BYTES = 4 << 20;

    private final String table;
    private final RowEncoder encoder;
    private final CopyIn copyIn;
    private final CopyBuffer buffer;
    private final SendWatchdog watchdog;
    private final BackgroundSender sender;
    private boolean done;

    public PgCopyWriter(Connection connection, WritePlan plan) throws SQLException {
        this(connection, plan, plan.table().name(), DEFAULT_BUFFER_BYTES);
    }

    /** Writes into {@code into} (e.g. a staging table of the same shape) with the plan's columns. */
    public PgCopyWriter(Connection connection, WritePlan plan, TableName into, int bufferBytes) throws SQLException {
        this.table = into.toString();
        // everything that can fail is made before the COPY starts: a failure after it would leave
        // the session in COPY, holding the table's lock
        this.encoder = plan.newRowEncoder();
        this.watchdog = new SendWatchdog(connection);
        this.sender = new BackgroundSender(this::send, "pgcopy-copy-sender " + table);
        this.buffer = new CopyBuffer(sender, bufferBytes);
        buffer.writeHeader();
        try {
            // the COPY takes its table lock here: a locked table waits (or times out) in this call
            this.copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(plan.copySql(into));
        } catch (SQLException e) {
            throw new CopyFailedException(table, e);
        }
    }

    private void send(byte[] chunk, int offset, int length) throws IOException {
        try {
            watchdog.send(() -> copyIn.writeToCopy(chunk, offset, length));
        } catch (SQLException e) {
            if (!watchdog.fired()) throw new IOException(e);
            throw new IOException(new SQLException("the server took no COPY data for " + watchdog.timeoutMillis()
                    + " ms (socketTimeout): it stopped answering, so pgcopy gave up on this connection", "08000", e));
        }
    }

    /** Encodes one row; a bad value cancels the COPY and throws a CopyValueException naming it. */
    public void write(IndexedValues row) {
        try {
            encoder.encode(row, buffer);
        } catch (RuntimeException e) {
            abort();
            throw unwrap(e);
        }
    }

    /** Ends the COPY; returns the number of rows the server took. */
    public long finish() {
        if (done) throw new IllegalStateException("COPY already ended");
        try {
            buffer.writeTrailer();
            buffer.flush();
            sender.drain();
            sender.stop();
            done = true;
            return copyIn.endCopy();
        } catch (SQLException e) {
            done = true;
            throw new CopyFailedException(table, e);
        } catch (IOException e) {
            abort();
            throw unwrap(new UncheckedIOException(e));
        } catch (RuntimeException e) {
            abort();
            throw unwrap(e);
        }
    }

    /** Cancels the COPY: the server discards everything it received (the transaction is then aborted). */
    public void abort() {
        if (done) return;
        done = true;
        // first: pgjdbc's connection is not for two threads at once
        sender.stop();
        try {
            if (copyIn.isActive()) copyIn.cancelCopy();
        } catch (SQLException ignored) {
            // the COPY is already gone (e.g. the server failed it); nothing more to cancel
        }
    }

    public long rowsWritten() {
        return encoder.rows();
    }

    public long bytesWritten() {
        return buffer.bytesWritten();
    }

    @Override
    public void close() {
        abort();
    }

    private RuntimeException unwrap(RuntimeException e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null
                && u.getCause().getCause() instanceof SQLException sql) {
            return new CopyFailedException(table, sql);
        }
        return e;
    }
}
