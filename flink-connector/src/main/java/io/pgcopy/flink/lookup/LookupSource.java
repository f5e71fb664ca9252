package io.pgcopy.flink.lookup;

import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import java.io.Serializable;
import org.apache.flink.table.types.logical.RowType;

/**
 * What a lookup reads: the table and the columns the join needs (after projection), by name.
 *
 * @param rowType the produced row: one field per column read, named like the column
 */
public record LookupSource(ConnectionSpec connection, TableName table, RowType rowType) implements Serializable {}
