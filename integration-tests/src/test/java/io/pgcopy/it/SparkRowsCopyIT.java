package io.pgcopy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.copy.PgCopyWriter;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.spark.SparkRowValues;
import io.pgcopy.spark.SparkSchemas;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.StringReader;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * 100k lineitem rows as Spark InternalRows through SparkRowValues and one binary COPY land exactly
 * as the same values loaded by PostgreSQL's own CSV parser: same count, same md5 of the table text.
 */
@ExtendWith(PostgresExtension.class)
class SparkRowsCopyIT {
    private static final int ROWS = 100_000;
    private static final long SEED = 7;

    @Test
    void sparkRowsThroughBinaryCopyMatchTheSameRowsLoadedAsCsv(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS lineitem", "CREATE TABLE lineitem " + Lineitem.DDL_COLUMNS,
                "DROP TABLE IF EXISTS lineitem_csv", "CREATE TABLE lineitem_csv " + Lineitem.DDL_COLUMNS);

        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            WritePlan plan = WritePlanner.plan(c, TableName.parse("lineitem"),
                    SparkSchemas.toSourceFields(Lineitem.SCHEMA), MappingOptions.DEFAULT);
            SparkRowValues values = new SparkRowValues(Lineitem.SCHEMA);
            try (PgCopyWriter writer = new PgCopyWriter(c, plan)) {
                for (int i = 0; i < ROWS; i++) writer.write(values.set(Lineitem.toInternalRow(Lineitem.values(SEED, i))));
                assertEquals(ROWS, writer.finish());
            }
            c.commit();
        }

        try (Connection c = db.connect()) {
            StringBuilder csv = new StringBuilder(ROWS * 140);
            for (int i = 0; i < ROWS; i++) csv.append(Lineitem.toCsv(Lineitem.values(SEED, i)));
            long loaded = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY lineitem_csv FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
            assertEquals(ROWS, loaded);
        }

        assertEquals(ROWS, db.queryLong("SELECT count(*) FROM lineitem"));
        String checksum = "SELECT md5(string_agg(t::text, ',' ORDER BY l_orderkey, l_linenumber)) FROM ";
        assertEquals(db.queryString(checksum + "lineitem_csv t"), db.queryString(checksum + "lineitem t"));
        // the data set is not degenerate: every column varies
        assertEquals(List.of(String.valueOf(ROWS / 4), "4", "2", "3", "7", "4"), db.queryText("SELECT count(DISTINCT l_orderkey),"
                + " count(DISTINCT l_linenumber), count(DISTINCT l_linestatus), count(DISTINCT l_returnflag),"
                + " count(DISTINCT l_shipmode), count(DISTINCT l_shipinstruct) FROM lineitem").get(0));
    }
}
