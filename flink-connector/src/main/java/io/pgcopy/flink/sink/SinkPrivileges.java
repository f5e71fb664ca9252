package io.pgcopy.flink.sink;

import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.privilege.PrivilegeCheck;
import io.pgcopy.privilege.RequiredPrivileges;
import io.pgcopy.sql.TableName;
import io.pgcopy.stream.CheckpointTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** A writer checks, as it starts and before it writes anything, that its user may do what the sink does. */
final class SinkPrivileges {
    private SinkPrivileges() {}

    /** USAGE on the target's schema, which even planning the write needs. */
    static void checkSchema(Connection c, SinkSettings settings) throws SQLException {
        PrivilegeCheck.require(c, RequiredPrivileges.schemaUsage(settings.table()));
    }

    /** What the sink does with the planned {@code columns}. */
    static void check(Connection c, SinkSettings settings, List<String> columns) throws SQLException {
        TableName log = settings.commitLog();
        boolean logExists = settings.exactlyOnce() && exists(c, log);
        PrivilegeCheck.require(c, RequiredPrivileges.forStreamSink(settings.table(), columns, settings.keyColumns(),
                settings.exactlyOnce(), log, logExists, CheckpointTransactions.logDdl(log)));
    }

    /**
     * Whether the commit log exists. A log in another schema is looked up in the catalog by name:
     * to_regclass fails with "permission denied for schema" where the user lacks USAGE on it, which
     * the check must report as a missing privilege instead.
     */
    private static boolean exists(Connection c, TableName log) throws SQLException {
        if (log.schema() == null) return TableIntrospector.exists(c, log);
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class t JOIN"
                + " pg_catalog.pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ?)")) {
            ps.setString(1, log.schema());
            ps.setString(2, log.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
