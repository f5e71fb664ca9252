package io.pgcopy.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.catalog.PgTable;
import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every row is read by exactly one split, whatever the table looks like. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class SplitterTest {
    /** Count and id-sum over all splits must equal the table's own, with no id read twice. */
    private static void assertCoversExactly(TestDatabase db, String table, String key, List<ReadSplit> splits)
            throws Exception {
        StringBuilder union = new StringBuilder();
        for (ReadSplit s : splits) {
            if (union.length() > 0) union.append(" UNION ALL ");
            union.append(s.select(key + " AS k", null));
        }
        String got = db.queryString("SELECT count(*) || '/' || count(DISTINCT k) || '/' || coalesce(sum(k), 0)"
                + " || '/' || count(*) FILTER (WHERE k IS NULL) FROM (" + union + ") u");
        String want = db.queryString("SELECT count(*) || '/' || count(DISTINCT " + key + ") || '/' || coalesce(sum("
                + key + "), 0) || '/' || count(*) FILTER (WHERE " + key + " IS NULL) FROM " + table);
        assertEquals(want, got, splits.toString());
    }

    @Test
    void ctidRangesReadEveryLiveRowOnceDespiteDeadTuples(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE big (id int, pad text)",
                "INSERT INTO big SELECT g, repeat('x', 200) FROM generate_series(1, 50000) g",
                "DELETE FROM big WHERE id % 7 = 0",
                "UPDATE big SET pad = 'moved' WHERE id % 5 = 0");
        try (Connection c = db.connect()) {
            assertEquals(0, db.queryLong("SELECT relpages FROM pg_class WHERE relname = 'big'"),
                    "relpages is stale before ANALYZE: the real size must be used");
            List<ReadSplit> splits = CtidRangeSplitter.plan(c, TableName.parse("big"), 7, 100);
            if (db.serverVersionNum() >= 140000) {
                assertEquals(7, splits.size());
                assertTrue(splits.get(6).condition().startsWith("ctid >= "), "last range is open-ended");
            } else {
                // no TID Range Scan before PostgreSQL 14: a ctid range would read the whole table
                assertEquals(1, splits.size());
                assertNull(splits.get(0).condition());
            }
            assertCoversExactly(db, "big", "id", splits);
            db.execute("INSERT INTO big SELECT g, repeat('y', 300) FROM generate_series(50001, 60000) g");
            assertCoversExactly(db, "big", "id", splits); // rows appended after planning
        }
    }

    @Test
    void emptyAndPartitionedTables(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE empty (id int)",
                "CREATE TABLE parted (id int, region text) PARTITION BY LIST (region)",
                "CREATE TABLE parted_eu PARTITION OF parted FOR VALUES IN ('eu')",
                "CREATE TABLE parted_us PARTITION OF parted FOR VALUES IN ('us')",
                "CREATE TABLE parted_other PARTITION OF parted DEFAULT",
                "INSERT INTO parted SELECT g, (ARRAY['eu','us','asia'])[g % 3 + 1] FROM generate_series(1, 30000) g");
        try (Connection c = db.connect()) {
            List<ReadSplit> none = CtidRangeSplitter.plan(c, TableName.parse("empty"), 4, 100);
            assertEquals(1, none.size());
            assertCoversExactly(db, "empty", "id", none);
            List<ReadSplit> parts = CtidRangeSplitter.plan(c, TableName.parse("parted"), 6, 100);
            assertTrue(parts.size() >= 3, parts.toString());
            assertTrue(parts.stream().noneMatch(s -> s.from().equals("\"public\".\"parted\"")), "split per leaf");
            assertCoversExactly(db, "parted", "id", parts);
        }
    }

    @Test
    void columnRangesKeepNullsSkewAndRowsOutsideTheBounds(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE skew (id bigint, d date, ts timestamptz)",
                "INSERT INTO skew SELECT CASE WHEN g % 10 = 0 THEN NULL WHEN g < 9000 THEN g % 50 ELSE g * 1000 END,"
                        + " DATE '2000-01-01' + g, TIMESTAMPTZ '1999-06-01 00:00+00' + g * interval '1 hour'"
                        + " FROM generate_series(1, 10000) g",
                "INSERT INTO skew VALUES (NULL, 'infinity', '-infinity')");
        try (Connection c = db.connect()) {
            PgTable t = new TableIntrospector(c).get(TableName.parse("skew"));
            String rel = TableName.parse("skew").quoted();
            assertCoversExactly(db, "skew", "id", ColumnRangeSplitter.plan(c, rel, "id", t.column("id").orElseThrow().type(),
                    null, null, 8));
            assertCoversExactly(db, "skew", "id", ColumnRangeSplitter.plan(c, rel, "id", t.column("id").orElseThrow().type(),
                    10L, 20L, 4));
            List<ReadSplit> byDate = ColumnRangeSplitter.plan(c, rel, "d", t.column("d").orElseThrow().type(), null, null, 5);
            assertEquals(5, byDate.size());
            assertCoversExactly(db, "skew", "CASE WHEN isfinite(d) THEN d - DATE '2000-01-01' END", byDate);
            assertEquals(10001, countAll(c, byDate));
            List<ReadSplit> byTs = ColumnRangeSplitter.plan(c, rel, "ts", t.column("ts").orElseThrow().type(), null, null, 3);
            assertEquals(10001, countAll(c, byTs));
        }
    }

    private static long countAll(Connection c, List<ReadSplit> splits) throws Exception {
        long n = 0;
        try (Statement s = c.createStatement()) {
            for (ReadSplit split : splits) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + split.select("1", null) + ") x")) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        return n;
    }

    @Test
    void exportedSnapshotIsSharedByAllReaders(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE snap (id int)", "INSERT INTO snap SELECT generate_series(1, 100)");
        ConnectionSpec spec = new ConnectionSpec(db.url(), new Properties());
        try (ExportedSnapshot snapshot = ExportedSnapshot.export(spec)) {
            db.execute("INSERT INTO snap SELECT generate_series(101, 150)");
            for (int reader = 0; reader < 2; reader++) {
                try (Connection c = spec.open()) {
                    ExportedSnapshot.use(c, snapshot.id());
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM snap")) {
                        rs.next();
                        assertEquals(100, rs.getLong(1));
                    }
                    c.rollback();
                }
            }
        }
        assertEquals(150, db.queryLong("SELECT count(*) FROM snap"));
    }

    @Test
    void quantileRangesOfUuidAndTextKeysReadEveryRowOnce(TestDatabase db) throws Exception {
        // a linguistic collation where there is one: the ranges must not depend on it
        String collation = db.queryString("SELECT coalesce((SELECT quote_ident(collname) FROM pg_collation WHERE collname"
                + " IN ('en_US.utf8', 'en_US', 'en-x-icu', 'und-x-icu') ORDER BY collname LIMIT 1), '\"default\"')");
        db.execute("CREATE TABLE keyed (id int, u uuid, t text COLLATE " + collation + ")",
                "INSERT INTO keyed SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE md5((g % 5000)::text)::uuid END,"
                        + " CASE WHEN g % 11 = 0 THEN NULL WHEN g % 3 = 0 THEN 'same' ELSE (ARRAY['a', 'B', 'b', 'ä', 'Z',"
                        + " ' x', 'x''y', '\\'])[1 + g % 8] || (g % 97) END FROM generate_series(1, 20000) g");
        try (Connection c = db.connect()) {
            PgTable t = new TableIntrospector(c).get(TableName.parse("keyed"));
            for (String key : List.of("u", "t")) {
                List<ReadSplit> splits = QuantileSplitter.plan(c, "keyed", key, t.column(key).orElseThrow().type(), 9);
                assertTrue(splits.size() > 3, splits.toString());
                assertCoversExactly(db, "keyed", "id", splits);
            }
            List<ReadSplit> one = QuantileSplitter.plan(c, "keyed", "t", t.column("t").orElseThrow().type(), 1);
            assertEquals(1, one.size());
        }
    }
}
