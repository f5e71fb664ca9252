package io.pgcopy.flink.sink;

import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.privilege.PrivilegeCheck;
import io.pgcopy.privilege.RequiredPrivileges;
import io.pgcopy.sql.TableName;
import io.pgcopy.stream.CheckpointTransactions;
import java.sql.Connection;
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
        TableName log = CheckpointTransactions.logTable(settings.table());
        boolean logExists = settings.exactlyOnce() && TableIntrospector.exists(c, log);
        PrivilegeCheck.require(c, RequiredPrivileges.forStreamSink(settings.table(), columns, settings.keyColumns(),
                settings.exactlyOnce(), log, logExists, CheckpointTransactions.logDdl(log)));
    }
}
