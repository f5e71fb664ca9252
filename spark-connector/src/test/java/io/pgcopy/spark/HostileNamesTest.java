package io.pgcopy.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Table and column names with quotes, spaces, semicolons, mixed case, keywords and non-ASCII
 * letters, and filter values with quotes and backslashes: everything works, nothing injects SQL.
 */
@ExtendWith(PostgresExtension.class)
class HostileNamesTest {
    /** As PostgreSQL spells it in SQL; the table's real name is {@code x"; DROP TABLE victim; --}. */
    private static final String TABLE = "\"x\"\"; DROP TABLE victim; --\"";
    private static final String KEY = "Key Col";
    private static final String QUOTED = "a\"b;c'd";
    private static final String KEYWORD = "select";
    private static final String UNICODE = "Größe";
    private static final String NASTY_VALUE = "it's a \\ \"quoted\" value'); DROP TABLE victim; --";

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("pgcopy-hostile-names")
                .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> rows(long from, long to, String suffix) {
        return spark.range(from, to, 1, 2).select(col("id").as(KEY), value(suffix).as(QUOTED), col("id").multiply(2).as(KEYWORD),
                col("id").cast("double").divide(4).as(UNICODE));
    }

    private static Column value(String suffix) {
        return when(col("id").equalTo(7), lit(NASTY_VALUE)).otherwise(concat(lit("v "), col("id").cast("string"), lit(suffix)));
    }

    private static void write(TestDatabase db, Dataset<Row> df, String... options) {
        var w = df.write().format("pgcopy").option("url", db.url()).option("dbtable", TABLE).mode(SaveMode.Append);
        for (int k = 0; k < options.length; k += 2) w = w.option(options[k], options[k + 1]);
        w.save();
    }

    @Test
    void hostileNamesWriteAndReadInEveryModeAndInjectNothing(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE victim (v int)", "INSERT INTO victim VALUES (1)",
                "CREATE TABLE " + TABLE + " (\"Key Col\" bigint PRIMARY KEY, \"a\"\"b;c'd\" text, \"select\" bigint,"
                        + " \"Größe\" double precision)");
        write(db, rows(0, 100, ""), "commit", "task");
        write(db, rows(100, 200, ""), "commit", "job");
        write(db, rows(200, 300, ""), "commit", "prepared");
        write(db, rows(50, 150, " updated"), "onConflict", "update");

        assertEquals(1, db.queryLong("SELECT count(*) FROM victim"), "the victim table is intact");
        assertEquals("300/100", db.queryString("SELECT count(*) || '/' || count(*) FILTER (WHERE \"a\"\"b;c'd\" LIKE"
                + " '% updated') FROM " + TABLE));
        assertEquals(NASTY_VALUE, db.queryString("SELECT \"a\"\"b;c'd\" FROM " + TABLE + " WHERE \"Key Col\" = 7"));

        Dataset<Row> read = spark.read().format("pgcopy").option("url", db.url()).option("dbtable", TABLE)
                .option("partitionColumn", KEY).option("lowerBound", "0").option("upperBound", "300")
                .option("numPartitions", "3").load();
        assertEquals(List.of(KEY, QUOTED, KEYWORD, UNICODE), List.of(read.columns()));
        assertEquals(300, read.count());
        assertEquals(1, read.filter(col(QUOTED).equalTo(NASTY_VALUE)).count(), "a pushed filter with quotes");
        assertEquals(0, read.filter(col(QUOTED).equalTo("x' OR '1'='1")).count(), "no injection through a filter");
        assertEquals(1, read.filter(col(QUOTED).startsWith("it's a \\")).count(), "LIKE with a backslash");
        assertEquals(50, read.filter(col(KEYWORD).geq(500).and(col(UNICODE).lt(75))).count());
        assertEquals(1, db.queryLong("SELECT count(*) FROM victim"), "the victim table is still intact");
    }
}
