package io.pgcopy.spark.read;

import io.pgcopy.spark.PgCopyOptions;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;

/** Reads: not built yet (issue "Spark reads"). */
public final class PgCopyScanBuilder implements ScanBuilder {
    public PgCopyScanBuilder(PgCopyOptions options, StructType schema) {}

    @Override
    public Scan build() {
        throw new UnsupportedOperationException("reading with pgcopy is not available yet");
    }
}
