package io.pgcopy.copy;

import io.pgcopy.codec.BinaryCopyReader;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Runs one {@code COPY ... TO STDOUT (FORMAT binary)} over pgjdbc and parses it with a
 * {@link BinaryCopyReader}. Closing it before the end cancels the COPY properly: pgjdbc's own
 * cancel of a COPY OUT only sends a cancel request and leaves the rest of the COPY data and the
 * error on the wire, where the next statement on the connection would trip over them; here the
 * stream is drained up to the server's "canceling statement" error, so the connection stays usable
 * (in an explicit transaction, that transaction is then aborted, as after any error).
 */
public final class PgCopyReader implements AutoCloseable {
    private static final String QUERY_CANCELED = "57014";

    private final PGConnection connection;
    private final String sql;
    private final CopyOut copyOut;
    private final BinaryCopyReader reader;
    private boolean closed;

    public PgCopyReader(Connection connection, String copyToSql) throws SQLException {
        this(connection, copyToSql, BinaryCopyReader.DEFAULT_BUFFER_BYTES);
    }

    public PgCopyReader(Connection connection, String copyToSql, int bufferBytes) throws SQLException {
        this.connection = connection.unwrap(PGConnection.class);
        this.sql = copyToSql;
        this.copyOut = this.connection.getCopyAPI().copyOut(copyToSql);
        this.reader = new BinaryCopyReader(new PGCopyInputStream(copyOut), bufferBytes);
    }

    /** The rows of the COPY. */
    public BinaryCopyReader rows() {
        return reader;
    }

    public String sql() {
        return sql;
    }

    /** Whether the COPY is still running on the server (not read to its end, failed or cancelled). */
    public boolean isActive() {
        return copyOut.isActive();
    }

    /** Cancels the COPY if it is still running and waits until the connection is free again. */
    @Override
    public void close() throws SQLException {
        if (closed) return;
        closed = true;
        if (!copyOut.isActive()) return;
        connection.cancelQuery();
        try {
            while (copyOut.isActive() && copyOut.readFromCopy() != null) {
                // drop what the server sent before it saw the cancel request
            }
        } catch (SQLException e) {
            if (!QUERY_CANCELED.equals(e.getSQLState())) throw e;
        }
    }
}
