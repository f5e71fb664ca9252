package io.pgcopy.flink.source;

import io.pgcopy.catalog.PgColumn;
import io.pgcopy.catalog.PgTable;
import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.codec.BinaryCopyReader;
import io.pgcopy.copy.ServerFailures;
import io.pgcopy.privilege.PrivilegeCheck;
import io.pgcopy.privilege.RequiredPrivileges;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Builds a {@link PgCopySource}; the table is looked up (its columns and their types) when {@link #build()} runs. */
public final class PgCopySourceBuilder<T> {
    private String url;
    private final Properties properties = new Properties();
    private String table;
    private List<String> columns;
    private String partitionColumn;
    private String lowerBound;
    private String upperBound;
    private int numPartitions;
    private long splitBytes = SourceSettings.DEFAULT_SPLIT_BYTES;
    private boolean consistentSnapshot = true;
    private OutputConverter<T> converter;

    PgCopySourceBuilder(OutputConverter<T> converter) {
        this.converter = converter;
    }

    /** {@code jdbc:postgresql://host:5432/db}. */
    public PgCopySourceBuilder<T> url(String url) {
        this.url = url;
        return this;
    }

    public PgCopySourceBuilder<T> username(String username) {
        return property("user", username);
    }

    public PgCopySourceBuilder<T> password(String password) {
        return property("password", password);
    }

    /** A pgjdbc connection property. */
    public PgCopySourceBuilder<T> property(String key, String value) {
        properties.setProperty(key, value);
        return this;
    }

    /** The table or view, as PostgreSQL parses it: {@code orders}, {@code public.orders}, {@code "Mixed Case"}. */
    public PgCopySourceBuilder<T> table(String table) {
        this.table = table;
        return this;
    }

    /** The columns to read, in this order (default: all). */
    public PgCopySourceBuilder<T> columns(List<String> names) {
        this.columns = List.copyOf(names);
        return this;
    }

    /**
     * Splits by this column instead of ctid page ranges: integer, date and timestamp columns by
     * equal strides between the bounds (default: min and max), uuid and text columns at their
     * quantiles. No row is filtered by the bounds.
     */
    public PgCopySourceBuilder<T> partitionColumn(String column) {
        this.partitionColumn = column;
        return this;
    }

    public PgCopySourceBuilder<T> partitionBounds(String lower, String upper) {
        this.lowerBound = lower;
        this.upperBound = upper;
        return this;
    }

    /** The number of splits (default: one per {@link #splitBytes} of table, or the parallelism for a partition column). */
    public PgCopySourceBuilder<T> numPartitions(int n) {
        if (n < 1) throw new IllegalArgumentException("numPartitions must be at least 1: " + n);
        this.numPartitions = n;
        return this;
    }

    /** ctid splits: about this many bytes of table each (default 64 MB). */
    public PgCopySourceBuilder<T> splitBytes(long bytes) {
        if (bytes < 8192) throw new IllegalArgumentException("splitBytes must be at least one page (8192): " + bytes);
        this.splitBytes = bytes;
        return this;
    }

    /**
     * true (default): all splits read one snapshot exported when the read starts, so the result is
     * the table at one instant and a restore re-reads exactly what it lost; false: each split reads
     * the table as it is when that split starts.
     */
    public PgCopySourceBuilder<T> consistentSnapshot(boolean consistent) {
        this.consistentSnapshot = consistent;
        return this;
    }

    /** Emit {@code Row}s (or RowData, the default) instead. */
    public <R> PgCopySourceBuilder<R> output(OutputConverter<R> output) {
        @SuppressWarnings("unchecked")
        PgCopySourceBuilder<R> self = (PgCopySourceBuilder<R>) this;
        self.converter = output;
        return self;
    }

    public PgCopySource<T> build() {
        return new PgCopySource<>(settings(), converter);
    }

    /** The checked settings (the table's columns looked up), as the SQL source also uses them. */
    public SourceSettings settings() {
        if (url == null) throw new IllegalArgumentException("the pgcopy source needs a url");
        if (table == null) throw new IllegalArgumentException("the pgcopy source needs a table");
        if (partitionColumn == null && (lowerBound != null || upperBound != null)) {
            throw new IllegalArgumentException("partition bounds need a partition column");
        }
        TableName name = TableName.parse(table);
        ConnectionSpec spec = new ConnectionSpec(url, properties);
        try (Connection c = spec.open()) {
            PrivilegeCheck.require(c, RequiredPrivileges.schemaUsage(name));
            PgTable t = new TableIntrospector(c).get(name);
            List<SourceColumn> read = new ArrayList<>();
            for (String n : columns != null ? columns : t.columns().stream().map(PgColumn::name).toList()) {
                read.add(SourceColumn.of(column(t, n)));
            }
            PgColumn partition = partitionColumn == null ? null : column(t, partitionColumn);
            return new SourceSettings(spec, t.name(), read, null, null, partitionColumn,
                    partition == null ? null : partition.type(), lowerBound, upperBound, numPartitions, splitBytes,
                    consistentSnapshot, BinaryCopyReader.DEFAULT_BUFFER_BYTES);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read table " + table + ": " + e.getMessage()
                    + ServerFailures.hint(table, e), e);
        }
    }

    private static PgColumn column(PgTable t, String name) {
        return t.column(name).orElseThrow(() -> new IllegalArgumentException(t.name() + " has no column \"" + name
                + "\"; its columns are " + t.columns().stream().map(PgColumn::name).toList()));
    }
}
