package io.pgcopy.spark;

import io.pgcopy.spark.read.PgCopyScanBuilder;
import io.pgcopy.spark.read.ReadSource;
import io.pgcopy.spark.write.PgCopyWriteBuilder;
import io.pgcopy.spark.write.StreamingSinkMetrics;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.streaming.ReportsSinkMetrics;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** A PostgreSQL table or query, read and written through binary COPY. */
public class PgCopyTable implements SupportsRead, SupportsWrite, ReportsSinkMetrics {
    private static final String UNDEFINED_TABLE = "42P01";

    private final PgCopyOptions options;
    private final StructType schema;
    private ReadSource source;
    /** A streaming query keeps its sink table for all its micro-batches: their totals. */
    private final StreamingSinkMetrics streamingMetrics = new StreamingSinkMetrics();

    public PgCopyTable(PgCopyOptions options, StructType schema) {
        this.options = options;
        this.schema = schema;
    }

    @Override
    public String name() {
        return options.table().map(Object::toString).orElse("(query)");
    }

    /**
     * The read schema, planned on first use; writes accept any DataFrame schema (the typed mapping
     * checks it), so a table created for a write has the DataFrame's.
     */
    @Override
    public StructType schema() {
        if (schema != null) return schema;
        try {
            return source().schema();
        } catch (IllegalStateException e) {
            // a write into a table that does not exist yet creates it; a read fails when it plans the scan
            if (e.getCause() instanceof SQLException s && UNDEFINED_TABLE.equals(s.getSQLState())) return new StructType();
            throw e;
        }
    }

    private synchronized ReadSource source() {
        if (source == null) source = ReadSource.plan(options);
        return source;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE, TableCapability.TRUNCATE,
                TableCapability.ACCEPT_ANY_SCHEMA, TableCapability.STREAMING_WRITE);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
        return new PgCopyScanBuilder(merged(scanOptions), source());
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
        return new PgCopyWriteBuilder(merged(info.options()), info, streamingMetrics);
    }

    /** Shown in {@code StreamingQueryProgress.sink.metrics}: totals over the query's micro-batches so far. */
    @Override
    public java.util.Map<String, String> metrics() {
        return streamingMetrics.asMap();
    }

    private PgCopyOptions merged(CaseInsensitiveStringMap extra) {
        java.util.Map<String, String> all = new java.util.HashMap<>(options.asMap());
        all.putAll(extra.asCaseSensitiveMap());
        return new PgCopyOptions(all);
    }

    public PgCopyOptions options() {
        return options;
    }
}
