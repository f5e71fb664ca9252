package io.pgcopy.flink.sink;

import io.pgcopy.flink.FlinkSchemas;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.privilege.PrivilegeCheck;
import io.pgcopy.privilege.RequiredPrivileges;
import io.pgcopy.sql.TableName;
import io.pgcopy.stream.CheckpointTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.table.types.logical.RowType;

/** A writer checks, as it starts and before it writes anything, that its user may do what the sink does. */
final class SinkPrivileges {
    private SinkPrivileges() {}

    static void check(Connection c, SinkSettings settings, RowType rowType) throws SQLException {
        PrivilegeCheck.require(c, RequiredPrivileges.schemaUsage(settings.table()));
        WritePlan plan = WritePlanner.plan(c, settings.table(), FlinkSchemas.toSourceFields(rowType),
                MappingOptions.DEFAULT);
        List<String> columns = plan.columns().stream().map(p -> p.column().name()).toList();
        TableName log = CheckpointTransactions.logTable(settings.table());
        boolean logExists = settings.exactlyOnce() && CheckpointTransactions.logExists(c, log);
        PrivilegeCheck.require(c, RequiredPrivileges.forStreamSink(settings.table(), columns, settings.keyColumns(),
                settings.exactlyOnce(), log, logExists, CheckpointTransactions.logDdl(log)));
    }
}
