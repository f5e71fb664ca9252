package io.pgcopy.read;

import io.pgcopy.copy.Closing;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One snapshot shared by all splits of a scan: exported by a REPEATABLE READ transaction that the
 * driver holds open for the scan's duration ({@code pg_export_snapshot}), imported by each reader
 * with {@code SET TRANSACTION SNAPSHOT}. Closing ends the exporting transaction.
 */
public final class ExportedSnapshot implements AutoCloseable {
    private final Connection connection;
    private final String id;

    private ExportedSnapshot(Connection connection, String id) {
        this.connection = connection;
        this.id = id;
    }

    public static ExportedSnapshot export(ConnectionSpec spec) throws SQLException {
        Connection c = spec.open();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            try (ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                return new ExportedSnapshot(c, rs.getString(1));
            }
        } catch (Throwable e) {
            // an Error too: the exporting transaction must not stay open on a session nobody holds
            Closing.closeAfter(c, e);
            throw e;
        }
    }

    public String id() {
        return id;
    }

    /** Starts a read-only transaction on {@code reader} that sees exactly the exported snapshot. */
    public static void use(Connection reader, String snapshotId) throws SQLException {
        reader.setAutoCommit(false);
        try (Statement s = reader.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            s.execute("SET TRANSACTION SNAPSHOT " + Identifiers.literal(snapshotId));
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
