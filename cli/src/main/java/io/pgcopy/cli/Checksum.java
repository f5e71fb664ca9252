package io.pgcopy.cli;

import java.math.BigDecimal;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A row count and an order-independent content checksum: the sum of every row's 64-bit xxhash of
 * all its columns, summed as a DECIMAL(38,0) so that it cannot overflow. Equal for two DataFrames
 * with the same columns, types and rows, in any order and partitioning.
 */
record Checksum(long rows, BigDecimal hash) {
    static Checksum of(Dataset<Row> df) {
        Row r = df.selectExpr("count(*)", "coalesce(sum(CAST(xxhash64(*) AS DECIMAL(38,0))), 0)").first();
        return new Checksum(r.getLong(0), r.getDecimal(1));
    }

    @Override
    public String toString() {
        return String.format("%,d rows, checksum %s", rows, hash.toPlainString());
    }
}
