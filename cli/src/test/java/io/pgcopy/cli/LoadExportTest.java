package io.pgcopy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** pgcopy load and export: round trips through CSV and Parquet, atomic output, bad rows named by file and line. */
@ExtendWith(PostgresExtension.class)
class LoadExportTest {
    @TempDir
    Path dir;

    private static final String PEOPLE = "(id int PRIMARY KEY, name text, note varchar(40))";

    private static String rowsText(TestDatabase db, String table) throws Exception {
        return db.queryText("SELECT t::text FROM " + table + " t ORDER BY 1").toString();
    }

    private static String partFiles(Path out, String glob) {
        return out.resolve(glob).toString();
    }

    @Test
    void csvRoundTripKeepsQuotesDelimitersNewlinesBackslashesAndEmptyVersusNull(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE people " + PEOPLE, "CREATE TABLE people_back " + PEOPLE,
                "INSERT INTO people VALUES (1, 'he said \"hi\"', 'a,b;c'), (2, E'two\\nlines', E'back\\\\slash \\\\N'),"
                        + " (3, '', NULL), (4, NULL, ''), (5, ' padded ', E'tab\\there'), (6, 'ünïcödé ✓', '\"')");
        Path out = dir.resolve("people.csv");
        Cli.Result export = Cli.run("export", "--table", "people", "--url", db.url(), out.toString());
        assertEquals(0, export.exit(), export.toString());
        String csv;
        try (Stream<Path> parts = Files.list(out)) {
            csv = parts.filter(p -> p.toString().endsWith(".csv")).sorted().map(LoadExportTest::read)
                    .reduce("", String::concat);
        }
        assertTrue(csv.contains("1,\"he said \"\"hi\"\"\",\"a,b;c\""), csv);
        assertTrue(csv.contains("3,\"\",\n") && csv.contains("4,,\"\"\n"), "empty string quoted, NULL bare:\n" + csv);
        assertTrue(csv.contains("\"two\nlines\",back\\slash \\N"), csv);

        Cli.Result load = Cli.run("load", partFiles(out, "*.csv"), "--header", "--url", db.url(), "--table", "people_back");
        assertEquals(0, load.exit(), load.toString());
        assertTrue(load.out().contains("it now has 6 rows"), load.toString());
        assertEquals(rowsText(db, "people"), rowsText(db, "people_back"));
        assertEquals(1, db.queryLong("SELECT count(*) FROM people_back WHERE name = ''"));
        assertEquals(1, db.queryLong("SELECT count(*) FROM people_back WHERE name IS NULL"));
    }

    @Test
    void handWrittenGzipCsvWithReorderedColumnsLoadsAndCreateInfersTypes(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE hand (id int, name text, born date, score numeric(5,2))");
        Path gz = dir.resolve("hand.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(("score;ID;name\n1.5;1;\"x;y\"\n\n;2;\"multi\nline \"\"q\"\"\"\n3.25;3;\\N\n").getBytes(StandardCharsets.UTF_8));
        }
        Cli.Result r = Cli.run("load", gz.toString(), "--header", "--delimiter", ";", "--null", "\\N", "--url", db.url(),
                "--table", "hand");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("[[(1,x;y,,1.50)], [(2,\"multi\nline \"\"q\"\"\",,)], [(3,,,3.25)]]", rowsText(db, "hand"));

        Cli.Result missing = Cli.run("load", gz.toString(), "--header", "--delimiter", ";", "--url", db.url(), "--table", "nope");
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("table nope does not exist") && missing.err().contains("--create"), missing.toString());

        Cli.Result created = Cli.run("load", gz.toString(), "--header", "--delimiter", ";", "--null", "\\N", "--url",
                db.url(), "--table", "inferred", "--create");
        assertEquals(0, created.exit(), created.toString());
        assertEquals("[[score, double precision], [ID, integer], [name, text]]", db.queryText("SELECT attname,"
                + " format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'inferred'::regclass AND attnum > 0"
                + " ORDER BY attnum").toString());
        assertEquals(3, db.queryLong("SELECT count(*) FROM inferred"));
    }

    @Test
    void parquetRoundTripOfEveryTypeMatchesPostgresText(TestDatabase db) throws Exception {
        String columns = "(id int PRIMARY KEY, b boolean, i2 smallint, i8 bigint, f4 real, f8 double precision,"
                + " n numeric(20,5), nu numeric, t text, vc varchar(10), c char(5), d date, ts timestamp,"
                + " tstz timestamptz, tm time, ba bytea, u uuid, j json, jb jsonb, ip inet, tz timetz,"
                + " ia int[], ta text[], mood mood)";
        db.execute("CREATE TYPE mood AS ENUM ('ok', 'sad')", "CREATE TABLE typed " + columns,
                "CREATE TABLE typed_back " + columns,
                "INSERT INTO typed VALUES (1, true, -32768, 9223372036854775807, 1.5, -2.25e300, 123456789012345.12345,"
                        + " 3.14159, 'text \"q\"', 'varchar', 'ab', '2024-02-29', '2024-01-02 03:04:05.123456',"
                        + " '2024-01-02 03:04:05.654321+02', '23:59:59.999999',"
                        + " '\\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}', '{\"b\": null}',"
                        + " '192.168.0.1/24', '12:00:00+05:30', '{1,NULL,3}', '{\"x,y\",NULL,\"\"}', 'sad'),"
                        + " (2, false, 0, 0, 'NaN', 'Infinity', 0, 0, '', '', '', '0001-01-01', '1970-01-01',"
                        + " '1970-01-01 00:00:00+00', '00:00', '\\x', '00000000-0000-0000-0000-000000000000',"
                        + " '[]', '{}', '::1', '00:00:00+00', '{}', '{}', 'ok'),"
                        + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        Path out = dir.resolve("typed.parquet");
        Cli.Result export = Cli.run("export", "--table", "typed", "--url", db.url(), out.toString());
        assertEquals(0, export.exit(), export.toString());
        Cli.Result load = Cli.run("load", partFiles(out, "*.parquet"), "--url", db.url(), "--table", "typed_back");
        assertEquals(0, load.exit(), load.toString());
        assertEquals(rowsText(db, "typed"), rowsText(db, "typed_back"));
    }

    @Test
    void aFailedExportLeavesNoOutputAndKeepsTheOldOne(TestDatabase db) throws Exception {
        String failing = "SELECT i, 1 / (i - 500) AS boom FROM generate_series(1, 1000) i";
        Path out = dir.resolve("fails.json");
        Cli.Result r = Cli.run("export", "--query", failing, "--url", db.url(), out.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("division by zero"), r.toString());
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no temporary output left behind");
        }

        Files.createDirectories(out);
        Files.writeString(out.resolve("old.json"), "{\"old\": true}\n");
        Cli.Result refused = Cli.run("export", "--query", "SELECT 1 AS x", "--url", db.url(), out.toString());
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("exists: add --overwrite"), refused.toString());
        Cli.Result failedOverwrite = Cli.run("export", "--query", failing, "--url", db.url(), "--overwrite", out.toString());
        assertEquals(1, failedOverwrite.exit(), failedOverwrite.toString());
        try (Stream<Path> kept = Files.list(out)) {
            assertEquals(List.of(out.resolve("old.json")), kept.toList(), "the old output is untouched");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(out), left.toList());
        }

        Cli.Result replaced = Cli.run("export", "--query", "SELECT 7 AS x", "--url", db.url(), "--overwrite", out.toString());
        assertEquals(0, replaced.exit(), replaced.toString());
        assertFalse(Files.exists(out.resolve("old.json")));
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void badRowsAreNamedByFileLineAndColumn(TestDatabase db) throws Exception {
        db.execute("CREATE DOMAIN positive AS int CHECK (VALUE > 0)",
                "CREATE TABLE strict (id int, code varchar(3), qty positive)");
        Path good = dir.resolve("a_good.csv");
        Files.writeString(good, "id,code,qty\n1,abc,1\n");
        Path notANumber = dir.resolve("b_bad.csv");
        Files.writeString(notANumber, "id,code,qty\n1,\"a\nb\",1\n\n2,xy,2\nthree,x,3\n");
        assertBad(db, notANumber, good, "file " + notANumber + ", line 6: column \"id\": 'three' is not a valid int");

        Path tooLong = dir.resolve("c_long.csv");
        Files.writeString(tooLong, "id,code,qty\n1,ab,1\n2,\"a\nb\",1\n3,abcd,1\n");
        assertBad(db, tooLong, good, "file " + tooLong + ", line 5: cannot write row 3 of table public.strict, column \"code\"");

        Path refused = dir.resolve("d_refused.csv");
        Files.writeString(refused, "id,code,qty\n1,a,1\n2,b,0\n");
        assertBad(db, refused, good, "file " + refused + ", line 3: PostgreSQL refused it");

        Path malformed = dir.resolve("e_malformed.json");
        Files.writeString(malformed, "{\"id\": 1}\n\n{\"id\": 2,\n");
        Cli.Result r = Cli.run("load", malformed.toString(), "--url", db.url(), "--table", "strict");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("file " + malformed + ", line 3: malformed record"), r.toString());
        assertEquals(0, db.queryLong("SELECT count(*) FROM strict"), "nothing of a failed load is visible");
    }

    private static void assertBad(TestDatabase db, Path bad, Path good, String expected) throws Exception {
        Cli.Result r = Cli.run("load", good.toString(), bad.toString(), "--header", "--url", db.url(), "--table", "strict");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains(expected), "expected: " + expected + "\n" + r);
        assertEquals(0, db.queryLong("SELECT count(*) FROM strict"), "nothing of a failed load is visible");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
