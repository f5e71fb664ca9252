package io.pgcopy.spark.write;

import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.privilege.PrivilegeCheck;
import io.pgcopy.privilege.RequiredPrivileges;
import io.pgcopy.protocol.CommitMode;
import io.pgcopy.protocol.ConflictAction;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.protocol.WriteNames;
import io.pgcopy.protocol.WriteSpec;
import io.pgcopy.spark.PgCopyOptions;
import io.pgcopy.spark.SparkSchemas;
import io.pgcopy.sql.CreateTable;
import io.pgcopy.sql.TableName;
import io.pgcopy.values.SourceField;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;

/** Turns the options and the DataFrame's schema into a checked {@link WriteSpec}, on the driver. */
final class WriteSpecs {
    private WriteSpecs() {}

    static WriteSpec plan(PgCopyOptions options, StructType schema, boolean overwrite) {
        TableName table = options.table().orElseThrow(
                () -> new IllegalArgumentException("writing with pgcopy needs the option \"dbtable\""));
        List<SourceField> fields = SparkSchemas.toSourceFields(schema);
        ConnectionSpec connection = options.connection();
        CommitMode commit = CommitMode.parse(options.get(PgCopyOptions.COMMIT, "job"));
        ConflictAction onConflict = ConflictAction.parse(options.get(PgCopyOptions.ON_CONFLICT, "error"));
        MappingOptions mapping = MappingOptions.DEFAULT
                .withSessionZone(ZoneId.of(SQLConf.get().sessionLocalTimeZone()))
                .withNaiveTimestampZone(options.get(PgCopyOptions.NAIVE_TIMESTAMP_ZONE).map(ZoneId::of).orElse(null))
                .withIgnoreExtraFields(options.getBoolean(PgCopyOptions.IGNORE_EXTRA_COLUMNS, false))
                .withColumnTypes(ColumnTypeList.parse(options.get(PgCopyOptions.COLUMN_TYPES).orElse("")));
        try (Connection c = connection.open()) {
            PrivilegeCheck.require(c, RequiredPrivileges.schemaUsage(table));
            TableIntrospector introspector = new TableIntrospector(c);
            if (introspector.find(table).isEmpty()) {
                PrivilegeCheck.require(c, RequiredPrivileges.tableCreation(table));
                try (Statement s = c.createStatement()) {
                    s.execute(CreateTable.sql(table, fields,
                            ColumnTypeList.parse(options.get(PgCopyOptions.CREATE_TABLE_COLUMN_TYPES).orElse("")),
                            options.get(PgCopyOptions.CREATE_TABLE_OPTIONS).orElse(null)));
                }
            }
            WritePlan plan = WritePlanner.plan(c, table, fields, mapping);
            List<String> keys = List.of();
            if (onConflict != ConflictAction.ERROR) {
                keys = options.get(PgCopyOptions.CONFLICT_COLUMNS)
                        .map(v -> Arrays.stream(v.split(",")).map(String::trim).toList())
                        .orElse(introspector.primaryKey(plan.table()));
            }
            WriteSpec spec = new WriteSpec(connection, plan, commit, onConflict, keys, overwrite, WriteNames.newJobId(),
                    options.getInt(PgCopyOptions.BUFFER_BYTES, 4 << 20));
            // before any task runs, and before an overwrite's TRUNCATE
            PrivilegeCheck.require(c, RequiredPrivileges.forWrite(spec));
            return spec;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the write into " + table + ": " + e.getMessage(), e);
        }
    }
}
