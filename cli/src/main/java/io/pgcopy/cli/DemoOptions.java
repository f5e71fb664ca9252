package io.pgcopy.cli;

import java.util.Map;

/** The options of {@code pgcopy demo}. */
record DemoOptions(long rows, int partitions, String url, String user, String password, String master, boolean help) {
    static final String USAGE = """
            usage: pgcopy demo [--rows N] [--partitions P] [--url JDBC_URL] [--master SPARK_MASTER]

            Generates a TPC-H-like lineitem DataFrame, writes it to PostgreSQL with pgcopy
            (commit=job, then commit=task) and with Spark JDBC, reads both tables back (pgcopy,
            Spark JDBC), checks row counts and a content checksum against the source and
            PostgreSQL's own count, and prints a table of rows/s and speed-ups. Exits non-zero on
            any mismatch.

              --rows N          rows to generate (default 1000000)
              --partitions P    Spark partitions = parallel COPY streams (default 2)
              --url URL         jdbc:postgresql://host:port/db (default: $PGCOPY_URL, else a
                                throwaway local PostgreSQL started for the demo and removed after)
              --master M        Spark master (default local[2])

            Credentials: user= and password= in the URL, or $PGCOPY_USER and $PGCOPY_PASSWORD.
            The demo creates and drops the tables pgcopy_demo_lineitem and pgcopy_demo_lineitem_jdbc.
            """;

    static DemoOptions parse(String[] args, Map<String, String> env) {
        long rows = 1_000_000;
        int partitions = 2;
        String url = env.get("PGCOPY_URL");
        String master = "local[2]";
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> help = true;
                case "--rows" -> rows = positive(a, value(args, ++i, a));
                case "--partitions" -> partitions = (int) Math.min(positive(a, value(args, ++i, a)), 1024);
                case "--url" -> url = value(args, ++i, a);
                case "--master" -> master = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option '" + a + "' (see pgcopy demo --help)");
            }
        }
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--url must be a jdbc:postgresql:// URL");
        }
        return new DemoOptions(rows, partitions, url, env.get("PGCOPY_USER"), env.get("PGCOPY_PASSWORD"), master, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    private static long positive(String option, String v) {
        try {
            long n = Long.parseLong(v.replace("_", "").replace(",", ""));
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a positive number, not '" + v + "'");
        }
    }
}
