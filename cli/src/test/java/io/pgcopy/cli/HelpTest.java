package io.pgcopy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** --help of the command line and of every command, and argument errors (exit code 2). */
class HelpTest {
    @Test
    void everyCommandHasHelpAndTheTopLevelListsThem() {
        Cli.Result top = Cli.run("--help");
        assertEquals(0, top.exit());
        for (String command : new String[] {"demo", "load", "export", "copy", "cleanup"}) {
            assertTrue(top.out().contains("  " + command + " "), command + " in\n" + top.out());
            Cli.Result help = Cli.run(command, "--help");
            assertEquals(0, help.exit(), help.toString());
            assertTrue(help.out().startsWith("usage: pgcopy " + command), help.toString());
        }
        assertEquals(2, Cli.run().exit());
    }

    @Test
    void argumentErrorsExitWithTwoAndSayWhat() {
        assertError("pgcopy load: --table is required", "load", "x.csv", "--url", "jdbc:postgresql://h/db");
        assertError("pgcopy load: give at least one file", "load", "--table", "t", "--url", "jdbc:postgresql://h/db");
        assertError("cannot tell the format of 'x.txt'", "load", "x.txt", "--table", "t", "--url", "jdbc:postgresql://h/db");
        assertError("--mode must be one of append, overwrite, not 'replace'", "load", "x.csv", "--table", "t", "--url",
                "jdbc:postgresql://h/db", "--mode", "replace");
        assertError("unknown option '--tabel' (see pgcopy load --help)", "load", "x.csv", "--tabel", "t");
        assertError("--url is required (or set PGCOPY_URL)", "cleanup");
        assertError("the URL must be a jdbc:postgresql://host:port/db URL, not 'mysql://h?password=***'", "cleanup",
                "--url", "mysql://h?password=" + Cli.SECRET);
        assertError("give exactly one of --table and --query", "export", "--url", "jdbc:postgresql://h/db", "out.csv");
        assertError("--format must be csv, parquet or json, not 'xml'", "export", "--table", "t", "--url",
                "jdbc:postgresql://h/db", "--format", "xml", "out");
        assertError("--table needs a value", "copy", "--from", "jdbc:postgresql://h/db", "--to", "jdbc:postgresql://h/db",
                "--table");
        assertError("pgcopy: unknown command 'lod'", "lod");
    }

    private static void assertError(String expected, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(expected), "expected: " + expected + "\n" + r);
    }
}
