package io.pgcopy.spark.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code spark.sql.catalog.pg = io.pgcopy.spark.PgCopyCatalog} against a real PostgreSQL: schemas as
 * namespaces, tables, partitioned parents, views and materialized views listed and read, DDL with
 * hostile names, Spark SQL INSERT with the catalog's write options, and CREATE / REPLACE TABLE AS
 * SELECT of 1M rows that either replace the table whole or, when a task fails mid-write, leave the
 * old table (or none) and no stage.
 */
@ExtendWith(PostgresExtension.class)
class PgCopyCatalogTest {
    /** Quotes, a dot, spaces, mixed case, non-ASCII: as Spark SQL spells it and as PostgreSQL does. */
    private static final String SCHEMA = "Sch\"ema. Ü";
    private static final String SPARK_SCHEMA = "`Sch\"ema. Ü`";
    private static final String PG_SCHEMA = "\"Sch\"\"ema. Ü\"";
    private static final long ROWS = 1_000_000;

    private static SparkSession spark;
    private static TestDatabase db;

    @BeforeAll
    static void start(TestDatabase database) throws Exception {
        db = database;
        spark = SparkSession.builder().master("local[2]").appName("pgcopy-catalog")
                .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.catalog.pg", "io.pgcopy.spark.PgCopyCatalog")
                .config("spark.sql.catalog.pg.url", db.url())
                .config("spark.sql.catalog.pgup", "io.pgcopy.spark.PgCopyCatalog")
                .config("spark.sql.catalog.pgup.url", db.url())
                .config("spark.sql.catalog.pgup.onConflict", "update")
                .getOrCreate();
        // fails the task that meets this id: a query that breaks mid-write, after other rows were COPYed
        spark.udf().register("fail_at", (UDF1<Long, Long>) id -> {
            if (id == ROWS * 3 / 4) throw new IllegalStateException("injected failure at id " + id);
            return id;
        }, DataTypes.LongType);
        db.execute("CREATE SCHEMA " + PG_SCHEMA);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<Row> sql(String sql) {
        return spark.sql(sql).collectAsList();
    }

    private static Set<String> column(String sql) {
        return sql(sql).stream().map(r -> r.getString(r.length() == 1 ? 0 : 1)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Relations named like a pgcopy stage anywhere in the database. */
    private static long stages() throws Exception {
        return db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgcopy\\_%'");
    }

    @Test
    void namespacesAreTheUserSchemas() throws Exception {
        sql("CREATE NAMESPACE pg.`New \"Ns\".x` COMMENT 'made by Spark'");
        assertEquals("made by Spark", db.queryString(
                "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'New \"Ns\".x'"));
        // Spark quotes a name that needs it
        Set<String> namespaces = column("SHOW NAMESPACES IN pg").stream().map(n -> n.replaceAll("^`|`$", ""))
                .collect(Collectors.toSet());
        assertTrue(namespaces.containsAll(Set.of("public", SCHEMA, "New \"Ns\".x")), namespaces.toString());
        assertFalse(namespaces.stream().anyMatch(n -> n.startsWith("pg_") || n.equals("information_schema")),
                namespaces.toString());
        assertTrue(sql("DESCRIBE NAMESPACE EXTENDED pg.`New \"Ns\".x`").toString().contains("made by Spark"));

        sql("CREATE TABLE pg.`New \"Ns\".x`.t (id INT)");
        assertThrows(Exception.class, () -> sql("DROP NAMESPACE pg.`New \"Ns\".x`"), "not empty, no CASCADE");
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'New \"Ns\".x'"));
        sql("DROP NAMESPACE pg.`New \"Ns\".x` CASCADE");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'New \"Ns\".x'"));
        assertThrows(Exception.class, () -> sql("SHOW TABLES IN pg.pg_catalog"), "system schemas are not namespaces");
    }

    @Test
    void viewsMaterializedViewsAndPartitionedParentsAreListedAndReadButViewsAreNotWritten() throws Exception {
        db.execute("CREATE SCHEMA rel",
                "CREATE TABLE rel.\"Base Tab\" (id int, v text)",
                "INSERT INTO rel.\"Base Tab\" SELECT g, 'v' || g FROM generate_series(1, 10) g",
                "CREATE VIEW rel.\"a View\" AS SELECT id, v FROM rel.\"Base Tab\" WHERE id <= 4",
                "CREATE MATERIALIZED VIEW rel.mv AS SELECT id FROM rel.\"Base Tab\" WHERE id <= 6",
                "CREATE TABLE rel.parted (id int, v text) PARTITION BY RANGE (id)",
                "CREATE TABLE rel.parted_low PARTITION OF rel.parted FOR VALUES FROM (0) TO (5)",
                "CREATE TABLE rel.parted_high PARTITION OF rel.parted FOR VALUES FROM (5) TO (100)",
                "INSERT INTO rel.parted SELECT id, v FROM rel.\"Base Tab\"");
        assertEquals(new TreeSet<>(List.of("Base Tab", "a View", "mv", "parted", "parted_high", "parted_low")),
                column("SHOW TABLES IN pg.rel"));
        assertEquals(4, sql("SELECT * FROM pg.rel.`a View`").size());
        assertEquals(6, sql("SELECT * FROM pg.rel.mv").size());
        assertEquals(10, sql("SELECT * FROM pg.rel.parted").size());
        assertEquals(55, sql("SELECT sum(id) FROM pg.rel.parted").get(0).getLong(0));

        for (String view : List.of("`a View`", "mv")) {
            Exception e = assertThrows(Exception.class, () -> sql("INSERT INTO pg.rel." + view + " SELECT 99"
                    + (view.equals("mv") ? "" : ", 'x'")));
            assertTrue(e.getMessage().contains("view: pgcopy reads it but does not write into it"), e.getMessage());
        }
        sql("INSERT INTO pg.rel.parted VALUES (50, 'new')");
        assertEquals(1, db.queryLong("SELECT count(*) FROM rel.parted_high WHERE v = 'new'"));
        assertEquals(10, db.queryLong("SELECT count(*) FROM rel.\"Base Tab\""));
    }

    @Test
    void createAlterRenameAndDropWithHostileNames() throws Exception {
        String table = "pg." + SPARK_SCHEMA + ".`Tab\"le. 1`";
        sql("CREATE TABLE " + table + " (id INT NOT NULL, `Naïve Col` STRING, code STRING, amount DECIMAL(10,2))"
                + " COMMENT 'it\\'s a table' TBLPROPERTIES ('createTableColumnTypes' = 'code varchar(3)')");
        String pgTable = PG_SCHEMA + ".\"Tab\"\"le. 1\"";
        assertEquals("id integer NO|Naïve Col text YES|code character varying YES|amount numeric YES",
                columns("Tab\"le. 1"));
        assertEquals("it's a table", db.queryString("SELECT obj_description('" + pgTable.replace("'", "''") + "'::regclass)"));

        sql("INSERT INTO " + table + " VALUES (1, 'ä', 'abc', 1.50), (2, NULL, NULL, NULL)");
        sql("ALTER TABLE " + table + " ADD COLUMN `New \"C\"` BIGINT COMMENT 'added'");
        sql("ALTER TABLE " + table + " RENAME COLUMN `Naïve Col` TO `Renamed Ç`");
        sql("ALTER TABLE " + table + " ALTER COLUMN id TYPE BIGINT");
        sql("ALTER TABLE " + table + " ALTER COLUMN id DROP NOT NULL");
        sql("ALTER TABLE " + table + " DROP COLUMN amount");
        assertEquals("id bigint YES|Renamed Ç text YES|code character varying YES|New \"C\" bigint YES",
                columns("Tab\"le. 1"));
        assertEquals("added", db.queryString("SELECT col_description('" + pgTable.replace("'", "''") + "'::regclass, 5)"));

        sql("INSERT OVERWRITE " + table + " VALUES (3, 'x', 'xyz', 7)");
        assertEquals("3|x|xyz|7", db.queryString("SELECT concat_ws('|', id, \"Renamed Ç\", code, \"New \"\"C\"\"\") FROM " + pgTable));
        assertEquals(1, sql("SELECT * FROM " + table).size());

        sql("ALTER TABLE " + table + " RENAME TO " + SPARK_SCHEMA + ".`Ta ble 2`");
        sql("ALTER TABLE pg." + SPARK_SCHEMA + ".`Ta ble 2` RENAME TO public.`Moved \"T\"`");
        assertEquals(1, db.queryLong("SELECT count(*) FROM public.\"Moved \"\"T\"\"\""));
        assertTrue(column("SHOW TABLES IN pg.public").contains("Moved \"T\""));
        assertFalse(column("SHOW TABLES IN pg." + SPARK_SCHEMA).contains("Ta ble 2"));
        sql("DROP TABLE pg.public.`Moved \"T\"`");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'Moved \"T\"'"));
    }

    private static String columns(String table) throws Exception {
        return String.join("|", db.queryColumn("SELECT column_name || ' ' || data_type || ' ' || is_nullable"
                + " FROM information_schema.columns WHERE table_schema = '" + SCHEMA.replace("'", "''")
                + "' AND table_name = '" + table.replace("'", "''") + "' ORDER BY ordinal_position"));
    }

    @Test
    void insertUsesTheCatalogsWriteOptions() throws Exception {
        db.execute("CREATE TABLE public.keyed (k int PRIMARY KEY, v text)", "INSERT INTO public.keyed VALUES (1, 'a')");
        Exception e = assertThrows(Exception.class, () -> sql("INSERT INTO pg.public.keyed VALUES (1, 'b')"));
        assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
        sql("INSERT INTO pgup.public.keyed VALUES (1, 'b'), (2, 'c')");
        assertEquals("1=b,2=c", db.queryString("SELECT string_agg(k || '=' || v, ',' ORDER BY k) FROM public.keyed"));
    }

    @Test
    void createAndReplaceTableAsSelectAreAtomic() throws Exception {
        String target = "pg." + SPARK_SCHEMA + ".`Big \"T\"`";
        String pgTarget = PG_SCHEMA + ".\"Big \"\"T\"\"\"";
        String failingQuery = "SELECT fail_at(id) AS id, id * 2 AS twice FROM range(0, " + ROWS + ", 1, 4)";

        Exception e = assertThrows(Exception.class, () -> sql("CREATE TABLE " + target + " AS " + failingQuery));
        assertTrue(e.toString().contains("injected failure") || String.valueOf(e.getCause()).contains("injected failure"), e.toString());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'Big \"T\"'"), "no table");
        assertEquals(0, stages(), "no stage");

        sql("CREATE TABLE " + target + " TBLPROPERTIES ('commit' = 'task') AS SELECT id, id * 2 AS twice FROM range(0, "
                + ROWS + ", 1, 4)");
        assertEquals(ROWS, db.queryLong("SELECT count(*) FROM " + pgTarget));
        assertThrows(Exception.class, () -> sql("CREATE TABLE " + target + " AS SELECT 1 AS id"), "exists");

        assertThrows(Exception.class, () -> sql("REPLACE TABLE " + target + " AS " + failingQuery));
        assertEquals(ROWS + "/" + (ROWS - 1) * ROWS, db.queryString("SELECT count(*) || '/' || sum(twice) FROM " + pgTarget),
                "the old table, whole");
        assertEquals(0, stages(), "no stage");

        // a reader in PostgreSQL sees the old table until the commit, then the whole new one
        Set<String> seen = new ConcurrentSkipListSet<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                while (!done.get()) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) || ' ' || min(id) FROM " + pgTarget)) {
                        rs.next();
                        seen.add(rs.getString(1));
                    }
                }
            } catch (Exception ex) {
                seen.add("error: " + ex.getMessage());
            }
        });
        reader.start();
        try {
            sql("REPLACE TABLE " + target + " AS SELECT id, id * 3 AS thrice FROM range(5, " + (ROWS + 10) + ", 1, 4)");
        } finally {
            done.set(true);
            reader.join();
        }
        assertEquals(ROWS + 5, db.queryLong("SELECT count(*) FROM " + pgTarget));
        assertEquals("thrice", db.queryString("SELECT attname FROM pg_attribute WHERE attrelid = '"
                + pgTarget.replace("'", "''") + "'::regclass AND attnum = 2"));
        assertTrue(Set.of(ROWS + " 0", (ROWS + 5) + " 5").containsAll(seen) && seen.contains(ROWS + " 0"), seen.toString());
        assertEquals(0, stages(), "no stage");

        sql("CREATE OR REPLACE TABLE " + target + " AS SELECT 'x' AS s");
        sql("CREATE OR REPLACE TABLE pg." + SPARK_SCHEMA + ".fresh AS SELECT 'y' AS s");
        assertEquals("x", db.queryString("SELECT s FROM " + pgTarget));
        assertEquals("y", db.queryString("SELECT s FROM " + PG_SCHEMA + ".fresh"));
        assertEquals(0, stages(), "no stage");
    }

    /** The version-dependent paths (StructType, Column[] or TableInfo forms of create and stage*) on every line. */
    @Test
    @Tag("compat")
    void createAndReplaceOnEveryLine() throws Exception {
        sql("CREATE TABLE pg.public.small (id INT, s STRING)");
        sql("INSERT INTO pg.public.small VALUES (1, 'a')");
        sql("CREATE TABLE pg.public.small_copy COMMENT 'copied' AS SELECT * FROM pg.public.small");
        assertEquals("copied", db.queryString("SELECT obj_description('public.small_copy'::regclass)"));
        assertEquals("1|a", db.queryString("SELECT id || '|' || s FROM public.small_copy"));
        sql("REPLACE TABLE pg.public.small_copy AS SELECT id + 1 AS id FROM pg.public.small");
        assertEquals(2, db.queryLong("SELECT id FROM public.small_copy"));
        sql("CREATE OR REPLACE TABLE pg.public.small_copy AS SELECT id + 2 AS n FROM pg.public.small");
        assertEquals(3, db.queryLong("SELECT n FROM public.small_copy"));
        assertEquals(0, stages(), "no stage");
    }
}
