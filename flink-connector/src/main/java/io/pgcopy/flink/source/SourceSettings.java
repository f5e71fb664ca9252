package io.pgcopy.flink.source;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgType;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.read.ColumnRangeSplitter;
import io.pgcopy.read.CtidRangeSplitter;
import io.pgcopy.read.QuantileSplitter;
import io.pgcopy.read.ReadSplit;
import io.pgcopy.sql.TableName;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.types.logical.RowType;

/**
 * Everything a read needs, checked when the source is built and shipped to the enumerator and the
 * readers: where to connect, the table, the columns read (after projection), the pushed-down
 * condition and limit, how to split and whether all splits read one snapshot.
 *
 * @param table the table read
 * @param partitionColumn the column to split by (null: ctid page ranges), with its type
 * @param numPartitions the number of splits (0: one per {@code splitBytes} of table for ctid
 *     splits, the parallelism for column splits)
 * @param where SQL rendered from pushed filters (null: none)
 * @param limit a LIMIT per split (null: none)
 */
public record SourceSettings(ConnectionSpec connection, TableName table, List<SourceColumn> columns, String where,
        Long limit, String partitionColumn, PgType partitionType, String lowerBound, String upperBound,
        int numPartitions, long splitBytes, boolean consistentSnapshot, int bufferBytes) implements Serializable {

    public static final long DEFAULT_SPLIT_BYTES = CtidRangeSplitter.DEFAULT_BYTES_PER_SPLIT;

    /** The Flink row type of what the source emits. */
    public RowType rowType() {
        return RowType.of(columns.stream().map(SourceColumn::type).toArray(org.apache.flink.table.types.logical.LogicalType[]::new),
                columns.stream().map(SourceColumn::name).toArray(String[]::new));
    }

    public SourceSettings withColumns(List<SourceColumn> selected) {
        return new SourceSettings(connection, table, selected, where, limit, partitionColumn, partitionType, lowerBound,
                upperBound, numPartitions, splitBytes, consistentSnapshot, bufferBytes);
    }

    public SourceSettings withWhere(String condition) {
        return new SourceSettings(connection, table, columns, condition, limit, partitionColumn, partitionType,
                lowerBound, upperBound, numPartitions, splitBytes, consistentSnapshot, bufferBytes);
    }

    public SourceSettings withLimit(Long rows) {
        return new SourceSettings(connection, table, columns, where, rows, partitionColumn, partitionType, lowerBound,
                upperBound, numPartitions, splitBytes, consistentSnapshot, bufferBytes);
    }

    /** The COPY that reads one split. */
    String copySql(PgCopySplit split) {
        String select = columns.isEmpty() ? "" : columns.stream().map(SourceColumn::select).collect(Collectors.joining(", "));
        String sql = new ReadSplit(split.index(), split.from(), split.condition()).select(select, where);
        if (limit != null) sql += " LIMIT " + limit;
        return "COPY (" + sql + ") TO STDOUT (FORMAT binary)";
    }

    /** Plans the splits (on the JobManager), the partition column's ranges or else ctid page ranges. */
    List<ReadSplit> planSplits(Connection c, int parallelism) throws SQLException {
        String from = table.quoted();
        if (partitionColumn != null) {
            int n = numPartitions > 0 ? numPartitions : Math.max(1, parallelism);
            if (QuantileSplitter.splits(partitionType)) return QuantileSplitter.plan(c, from, partitionColumn, partitionType, n);
            return ColumnRangeSplitter.plan(c, from, partitionColumn, partitionType, bound(lowerBound), bound(upperBound), n);
        }
        int n = numPartitions > 0 ? numPartitions : (int) Math.max(1, Math.min(10_000, (relationBytes(c) + splitBytes - 1) / splitBytes));
        return CtidRangeSplitter.plan(c, table, n, n);
    }

    private long relationBytes(Connection c) throws SQLException {
        // a partitioned table's own size is 0: its leaves hold the rows
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(sum(pg_relation_size(relid)), 0) FROM pg_partition_tree(to_regclass(?))")) {
            ps.setString(1, table.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A bound in the long form ColumnRangeSplitter strides over: the integer, epoch days or epoch microseconds (UTC). */
    private Long bound(String text) {
        if (text == null) return null;
        try {
            return switch (partitionType.resolved().oid()) {
                case Oids.DATE -> LocalDate.parse(text).toEpochDay();
                case Oids.TIMESTAMP, Oids.TIMESTAMPTZ -> micros(text.strip().replace(' ', 'T'));
                default -> Long.parseLong(text.strip());
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("partition bound \"" + text + "\" is not a valid "
                    + partitionType.displayName() + " (use 2024-01-31, 2024-01-31 12:00:00 or an integer)", e);
        }
    }

    private static long micros(String iso) {
        Instant i;
        try {
            i = OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            i = (iso.length() == 10 ? LocalDate.parse(iso).atStartOfDay() : LocalDateTime.parse(iso)).toInstant(ZoneOffset.UTC);
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }
}
