package io.pgcopy.bench;

import io.pgcopy.codec.CopyBuffer;
import io.pgcopy.codec.RowEncoder;
import io.pgcopy.it.Lineitem;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.spark.SparkRowValues;
import io.pgcopy.spark.SparkSchemas;
import io.pgcopy.sql.TableName;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The write hot path on one core: pre-built Spark rows of lineitem through SparkRowValues, the
 * planned encoders (numeric(15,2), char(1), varchar(n), date, int8/int4) and a CopyBuffer whose
 * sink discards the chunks. One operation = one row, so the score is rows/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class LineitemEncodeBenchmark {
    static final int ROWS = 4096;

    /** generic: GenericInternalRow with UTF8String/Decimal objects; unsafe: UnsafeRow, what Spark writers get. */
    @Param({"unsafe", "generic"})
    public String rowFormat;

    private InternalRow[] rows;
    private SparkRowValues values;
    private RowEncoder encoder;
    private CopyBuffer buffer;
    private long chunkBytes;

    @Setup
    public void setUp() {
        List<InternalRow> generic = Lineitem.internalRows(42, ROWS);
        UnsafeProjection toUnsafe = UnsafeProjection.create(Lineitem.SCHEMA);
        rows = generic.stream()
                .map(r -> "unsafe".equals(rowFormat) ? (InternalRow) toUnsafe.apply(r).copy() : r)
                .toArray(InternalRow[]::new);
        WritePlan plan = WritePlanner.plan(Lineitem.table(TableName.parse("lineitem")),
                SparkSchemas.toSourceFields(Lineitem.SCHEMA), MappingOptions.DEFAULT, Map.of());
        encoder = plan.newRowEncoder();
        values = new SparkRowValues(Lineitem.SCHEMA);
        buffer = new CopyBuffer((chunk, offset, length) -> chunkBytes += length, 4 << 20);
        buffer.writeHeader();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void encodeRows(Blackhole bh) {
        for (InternalRow row : rows) encoder.encode(values.set(row), buffer);
        bh.consume(buffer.position());
    }
}
