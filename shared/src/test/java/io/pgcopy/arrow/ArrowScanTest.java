package io.pgcopy.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.read.CtidRangeSplitter;
import io.pgcopy.read.Predicate;
import io.pgcopy.read.ReadSplit;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A scan planned once and read as several COPYs, as engines do it. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class ArrowScanTest {
    private BufferAllocator allocator;

    @BeforeAll
    static void data(TestDatabase db) throws SQLException {
        db.execute("CREATE EXTENSION IF NOT EXISTS citext",
                "CREATE TABLE s (id int PRIMARY KEY, name text, price numeric(10,2), note citext, pt point,"
                        + " big numeric, tags text[])",
                "INSERT INTO s SELECT g, 'n' || g, g / 4.0, 'Note' || g, point(g, g), g, ARRAY['a', g::text]"
                        + " FROM generate_series(1, 5000) g");
    }

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private List<String> read(Connection c, ArrowScan scan, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (PgArrowReader r = scan.open(c, sql, 1000, allocator)) {
            while (r.loadNextBatch()) {
                for (int i = 0; i < r.root().getRowCount(); i++) {
                    StringBuilder sb = new StringBuilder();
                    for (FieldVector v : r.root().getFieldVectors()) sb.append(PgText.of(v, i)).append('|');
                    rows.add(sb.toString());
                }
            }
        }
        return rows;
    }

    @Test
    void aSerializedScanReadsEverySplitOnceWithPrunedColumnsAndPushedFilters(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            ArrowScan planned = ArrowScan.table(c, TableName.parse("s"), ReadOptions.DEFAULT);
            ArrowScan scan = roundTrip(planned.select(List.of("price", "id")));
            assertEquals(List.of("price", "id"), scan.columnNames());
            String where = scan.filters().render(new Predicate.Compare("id", Predicate.Op.GT, 100)).orElseThrow();
            List<ReadSplit> splits = CtidRangeSplitter.plan(c, TableName.parse("s"), 3, 3);
            // one split before PostgreSQL 14, which has no TID Range Scan
            assertEquals(db.serverVersionNum() >= 140000 ? 3 : 1, splits.size());
            List<String> all = new ArrayList<>();
            for (ReadSplit split : splits) all.addAll(read(c, scan, scan.copySql(split, where, null)));
            assertEquals(4900, all.size());
            assertEquals(4900, all.stream().distinct().count());
            assertTrue(all.contains("1250.00|5000|"));
            assertEquals(7, read(c, scan, scan.copySql(splits.get(0), where, 7)).size());
        }
    }

    @Test
    void fixedWidthVectorsGrowPastTheirFirstCapacity(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE grow AS SELECT g AS id, array_fill(g, ARRAY[g % 50]) AS a, g::float8 AS f"
                + " FROM generate_series(1, 3000) g");
        try (Connection c = db.connect()) {
            ArrowScan scan = ArrowScan.table(c, TableName.parse("grow"), ReadOptions.DEFAULT);
            long elements = 0;
            long sum = 0;
            try (PgArrowReader r = scan.open(c, scan.copySql(scan.whole(), null, null), 2000, allocator)) {
                while (r.loadNextBatch()) {
                    var list = (org.apache.arrow.vector.complex.ListVector) r.root().getVector("a");
                    var values = (org.apache.arrow.vector.IntVector) list.getDataVector();
                    for (int i = 0; i < list.getValueCount(); i++) {
                        for (int k = list.getElementStartIndex(i); k < list.getElementEndIndex(i); k++) {
                            elements++;
                            sum += values.get(k);
                        }
                    }
                }
            }
            assertEquals(db.queryLong("SELECT sum(g % 50) FROM generate_series(1, 3000) g"), elements);
            assertEquals(db.queryLong("SELECT sum(g * (g % 50)) FROM generate_series(1, 3000) g"), sum);
        }
    }

    @Test
    void noColumnsStillCountsRows(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            ArrowScan scan = ArrowScan.table(c, TableName.parse("s"), ReadOptions.DEFAULT).select(List.of());
            long rows = 0;
            try (PgArrowReader r = scan.open(c, scan.copySql(scan.whole(), "\"id\" <= 10", null), 4, allocator)) {
                while (r.loadNextBatch()) rows += r.root().getRowCount();
            }
            assertEquals(10, rows);
        }
    }

    @Test
    void onlyColumnsThatCompareLikeTheEngineTakeFilters(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            ArrowScan scan = ArrowScan.table(c, TableName.parse("s"), ReadOptions.DEFAULT);
            var sql = scan.filters();
            assertTrue(sql.render(new Predicate.Compare("name", Predicate.Op.EQ, "x")).isPresent());
            assertTrue(sql.render(new Predicate.Compare("price", Predicate.Op.EQ, 1)).isPresent());
            // citext is case-insensitive, point is read through ::text, text[] is an array
            assertTrue(sql.render(new Predicate.Compare("note", Predicate.Op.EQ, "x")).isEmpty());
            assertTrue(sql.render(new Predicate.Compare("pt", Predicate.Op.EQ, "(1,1)")).isEmpty());
            assertTrue(sql.render(new Predicate.IsNull("tags", false)).isEmpty());
            var textual = ArrowScan.table(c, TableName.parse("s"),
                    ReadOptions.DEFAULT.withUnconstrainedNumeric(ReadOptions.NumericMode.TEXT)).filters();
            assertTrue(textual.render(new Predicate.Compare("big", Predicate.Op.EQ, "1")).isEmpty());
        }
    }

    @Test
    void retypedColumnsAreCastByTheServerAndCheckedUpFront(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            ArrowScan scan = ArrowScan.table(c, TableName.parse("s"), ReadOptions.DEFAULT)
                    .retype(c, Map.of("price", "numeric(38,0)", "id", "text")).select(List.of("id", "price"));
            assertEquals(new ArrowType.Decimal(38, 0, 128), scan.schema().getFields().get(1).getType());
            assertEquals(ArrowType.Utf8.INSTANCE, scan.schema().getFields().get(0).getType());
            List<String> rows = read(c, scan, scan.copySql(scan.whole(), "\"id\" = 6", null));
            assertEquals(List.of("6|2|"), rows); // 1.50 rounds to 2 in PostgreSQL
            SQLException bad = assertThrows(SQLException.class, () -> ArrowScan.table(c, TableName.parse("s"),
                    ReadOptions.DEFAULT).retype(c, Map.of("pt", "int4")));
            assertTrue(bad.getMessage().contains("table public.s"), bad.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ArrowScan.table(c, TableName.parse("s"),
                    ReadOptions.DEFAULT).retype(c, Map.of("nosuch", "int4")));
        }
    }

    @Test
    void queriesAreReadAsSubqueriesAndNeedDistinctColumnNames(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            ArrowScan scan = ArrowScan.query(c, "SELECT id, pt AS \"Where\" FROM s WHERE id < 4;", ReadOptions.DEFAULT);
            String where = scan.filters().render(new Predicate.Compare("id", Predicate.Op.GE, 2)).orElseThrow();
            assertEquals(List.of("2|(2,2)|", "3|(3,3)|"), read(c, scan, scan.copySql(scan.whole(), where, null)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ArrowScan.query(c, "SELECT 1 AS a, 2 AS a", ReadOptions.DEFAULT));
            assertTrue(e.getMessage().contains("\"a\""), e.getMessage());
        }
    }

    private static ArrowScan roundTrip(ArrowScan scan) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(scan);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ArrowScan) in.readObject();
        }
    }
}
