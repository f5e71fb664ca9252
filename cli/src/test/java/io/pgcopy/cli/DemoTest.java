package io.pgcopy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The main job end to end on a small table, and its check catching a lost row. */
@ExtendWith(PostgresExtension.class)
class DemoTest {
    private static DemoOptions options(TestDatabase db) {
        return DemoOptions.parse(new String[] {"--rows", "20000", "--url", db.url()}, Map.of());
    }

    @Test
    void withoutAUrlItStartsItsOwnPostgresWritesReadsChecksAndPrintsTheTable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoOptions own = DemoOptions.parse(new String[] {"--rows", "20000"}, Map.of());
        int exit = new Demo(own, new PrintStream(bytes, true, StandardCharsets.UTF_8), (c, t) -> { }).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        assertTrue(out.contains("starting a throwaway PostgreSQL"), out);
        for (String line : new String[] {"write  pgcopy (commit=job)          20,000", "write  pgcopy (commit=task)",
                "write  Spark JDBC", "read   pgcopy", "read   Spark JDBC", "Check passed"}) {
            assertTrue(out.contains(line), line + " in\n" + out);
        }
    }

    @Test
    void aRowLostAfterTheWriteFailsTheCheck(TestDatabase db) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.Tamper deleteOne = (connection, table) -> {
            try (Connection c = connection.open(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + table + " WHERE ctid = (SELECT min(ctid) FROM " + table + ")");
            }
        };
        int exit = new Demo(options(db), new PrintStream(bytes, true, StandardCharsets.UTF_8), deleteOne).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, out);
        assertTrue(out.contains("MISMATCH: pgcopy read back 19,999 rows"), out);
        assertTrue(out.contains("MISMATCH: PostgreSQL counts 19999 rows in pgcopy_demo_lineitem"), out);
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgcopy\\_demo%'"), "tables dropped");
    }

    @Test
    void helpAndBadOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"demo", "--help"}, new PrintStream(out), new PrintStream(err)));
        assertTrue(out.toString().contains("usage: pgcopy demo"));
        assertEquals(2, Main.run(new String[] {"demo", "--rows", "-5"}, new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString().contains("--rows must be a positive number"), err.toString());
        assertEquals(2, Main.run(new String[] {"nope"}, new PrintStream(out), new PrintStream(err)));
    }
}
