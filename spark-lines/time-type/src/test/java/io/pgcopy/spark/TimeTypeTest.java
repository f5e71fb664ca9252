package io.pgcopy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import io.pgcopy.values.SourceType;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimeType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spark 4.1's TimeType (nanoseconds of the day) into time, time[], timetz and JSON, on the lines that have it. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class TimeTypeTest {
    private static final StructType SCHEMA = new StructType(new StructField[] {
        new StructField("id", DataTypes.IntegerType, false, Metadata.empty()),
        new StructField("tm", TimeType.apply(6), true, Metadata.empty()),
        new StructField("tmtz", TimeType.apply(6), true, Metadata.empty()),
        new StructField("tmarr", new ArrayType(TimeType.apply(6), true), true, Metadata.empty()),
        new StructField("st", new StructType().add("t", TimeType.apply(6)), true, Metadata.empty()),
    });

    @Test
    void timeTypeIsASourceTime() {
        assertEquals(SourceType.TIME, SparkSchemas.toSourceType(TimeType.apply(6)));
    }

    @Test
    @Tag("pg-versions")
    void timeValuesArriveAsPostgresReadsThem(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE spark_times (id int4, tm time, tmtz timetz, tmarr time[], st jsonb)");
        List<InternalRow> rows = List.of(
                new GenericInternalRow(new Object[] {1, 49_500_123_456_000L, 3_723_000_000_000L,
                    new GenericArrayData(new Object[] {0L, null, 86_399_999_999_999L}),
                    new GenericInternalRow(new Object[] {1_000L})}),
                new GenericInternalRow(new Object[] {2, null, null, null, null}));
        assertEquals(2, SparkRowEncodingTest.copy(db, "spark_times", SCHEMA, rows));
        assertEquals(List.of(
                List.of("13:45:00.123456", "01:02:03+00", "{00:00:00,NULL,23:59:59.999999}", "{\"t\": \"00:00:00.000001\"}"),
                java.util.Arrays.asList(null, null, null, null)),
                db.queryText("SELECT tm::text, tmtz::text, tmarr::text, st::text FROM spark_times ORDER BY id"));
    }

    @Test
    void aDataFrameWithATimeColumnCreatesAndFillsATimeColumn(TestDatabase db) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("time type")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.conf().set("spark.sql.timeType.enabled", "true"); // off by default on 4.1 and 4.2
        try {
            Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(1, java.time.LocalTime.of(8, 30, 5))),
                    new StructType().add("id", DataTypes.IntegerType).add("at", TimeType.apply(6)));
            df.write().format("pgcopy").option("url", db.url()).option("dbtable", "created_with_time")
                    .mode(SaveMode.ErrorIfExists).save();
        } finally {
            spark.stop();
        }
        assertEquals(List.of(List.of("time without time zone", "08:30:05")), db.queryText(
                "SELECT pg_typeof(at)::text, at::text FROM created_with_time"));
    }
}
