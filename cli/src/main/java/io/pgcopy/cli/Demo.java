package io.pgcopy.cli;

import io.pgcopy.local.LocalCluster;
import io.pgcopy.local.PostgresBinaries;
import io.pgcopy.protocol.ConnectionSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The main job: a lineitem DataFrame written and read back through pgcopy and through Spark JDBC,
 * checked, timed and compared. See {@link DemoOptions#USAGE}.
 */
final class Demo {
    static final String TABLE = "pgcopy_demo_lineitem";
    static final String JDBC_TABLE = "pgcopy_demo_lineitem_jdbc";

    private final DemoOptions options;
    private final PrintStream out;
    private final Tamper tamper;
    private final List<Step> steps = new ArrayList<>();

    /** Tests only: changes the pgcopy table after the writes, to prove that the check catches it. */
    interface Tamper {
        void afterWrites(ConnectionSpec connection, String table) throws SQLException;
    }

    record Step(String kind, String method, long rows, double seconds) {
        double rate() {
            return rows / seconds;
        }
    }

    Demo(DemoOptions options, PrintStream out, Tamper tamper) {
        this.options = options;
        this.out = out;
        this.tamper = tamper;
    }

    static int main(String[] args, PrintStream out, PrintStream err) {
        DemoOptions options = DemoOptions.parse(args, System.getenv());
        if (options.help()) {
            out.print(DemoOptions.USAGE);
            return 0;
        }
        try {
            return new Demo(options, out, (c, t) -> { }).run();
        } catch (Exception e) {
            err.println("pgcopy demo failed: " + e.getMessage());
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) err.println("  caused by: " + c.getMessage());
            return 1;
        }
    }

    /** Runs the demo; returns 0 when every check passed, 1 otherwise. */
    int run() throws Exception {
        if (options.url() != null) return runAgainst(options.url());
        LocalCluster cluster = startLocalPostgres();
        Thread cleanup = new Thread(cluster::stop, "pgcopy-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup); // also on Ctrl-C
        try {
            return runAgainst(cluster.url("postgres"));
        } finally {
            cluster.stop();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private LocalCluster startLocalPostgres() throws IOException {
        var bin = PostgresBinaries.find().orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries"
                + " (initdb, pg_ctl) found: install PostgreSQL, set PGCOPY_PG_BIN, or give --url / PGCOPY_URL"));
        out.println("No --url or PGCOPY_URL: starting a throwaway PostgreSQL from " + bin + " ...");
        LocalCluster cluster = LocalCluster.start(bin);
        out.println("PostgreSQL on 127.0.0.1:" + cluster.port() + " (removed when the demo ends)");
        return cluster;
    }

    private int runAgainst(String url) throws Exception {
        Map<String, String> connection = new HashMap<>();
        connection.put("url", url);
        if (options.user() != null) connection.put("user", options.user());
        if (options.password() != null) connection.put("password", options.password());
        Properties properties = new Properties();
        properties.putAll(connection);
        properties.remove("url");
        ConnectionSpec spec = new ConnectionSpec(url, properties);
        out.println("PostgreSQL: " + ConnectionSpec.redact(url));
        dropTables(spec);

        SparkSession spark = SparkSession.builder().master(options.master()).appName("pgcopy demo")
                .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
                .config("spark.executor.heartbeatInterval", "1s") // live progress
                .getOrCreate();
        try (Progress progress = new Progress(out, System.console() != null)) {
            spark.sparkContext().addSparkListener(progress);
            return runWith(spark, progress, connection, spec);
        } finally {
            spark.stop();
        }
    }

    private int runWith(SparkSession spark, Progress progress, Map<String, String> connection, ConnectionSpec spec)
            throws Exception {
        long rows = options.rows();
        int partitions = options.partitions();
        out.printf("Generating %,d lineitem rows in %d Spark partitions (%s) ...%n", rows, partitions, options.master());
        Dataset<Row> source = LineitemFrame.generate(spark, rows, partitions).cache();
        Checksum expected = Checksum.of(source);

        timed(progress, "write", "pgcopy (commit=job)", rows, () -> source.write().format("pgcopy").options(connection)
                .option("dbtable", TABLE).mode(SaveMode.ErrorIfExists).save());
        timed(progress, "write", "pgcopy (commit=task)", rows, () -> source.write().format("pgcopy")
                .options(connection).option("dbtable", TABLE).option("commit", "task").mode(SaveMode.Overwrite).save());
        timed(progress, "write", "Spark JDBC", rows, () -> source.write().format("jdbc").options(connection)
                .option("url", withParameter(connection.get("url"), "reWriteBatchedInserts=true"))
                .option("dbtable", JDBC_TABLE).option("batchsize", "10000").mode(SaveMode.ErrorIfExists).save());
        tamper.afterWrites(spec, TABLE);

        Checksum pgcopyRead = timed(progress, "read", "pgcopy", rows, () -> Checksum.of(spark.read().format("pgcopy")
                .options(connection).option("dbtable", TABLE).option("numPartitions", partitions).load()));
        DataFrameReader jdbc = spark.read().format("jdbc").options(connection).option("dbtable", JDBC_TABLE)
                .option("partitionColumn", "l_orderkey").option("lowerBound", 0).option("upperBound", rows / 4)
                .option("numPartitions", partitions).option("fetchsize", 10000);
        Checksum jdbcRead = timed(progress, "read", "Spark JDBC", rows, () -> Checksum.of(jdbc.load()));
        long pgcopyCount = count(spec, TABLE);
        long jdbcCount = count(spec, JDBC_TABLE);
        dropTables(spec);

        printTable();
        List<String> problems = new ArrayList<>();
        if (!pgcopyRead.equals(expected)) problems.add("pgcopy read back " + pgcopyRead + ", expected " + expected);
        if (!jdbcRead.equals(expected)) problems.add("Spark JDBC read back " + jdbcRead + ", expected " + expected);
        if (pgcopyCount != rows) problems.add("PostgreSQL counts " + pgcopyCount + " rows in " + TABLE + ", expected " + rows);
        if (jdbcCount != rows) problems.add("PostgreSQL counts " + jdbcCount + " rows in " + JDBC_TABLE + ", expected " + rows);
        if (!problems.isEmpty()) {
            out.println();
            problems.forEach(p -> out.println("MISMATCH: " + p));
            return 1;
        }
        out.printf("%nCheck passed: the source, both tables (PostgreSQL's count) and both reads agree: %s.%n", expected);
        return 0;
    }

    private void timed(Progress progress, String kind, String method, long rows, Runnable action) {
        timed(progress, kind, method, rows, () -> {
            action.run();
            return null;
        });
    }

    private <T> T timed(Progress progress, String kind, String method, long rows, Supplier<T> action) {
        progress.start(kind + " " + method);
        long start = System.nanoTime();
        T result;
        try {
            result = action.get();
        } finally {
            progress.stop();
        }
        Step step = new Step(kind, method, rows, (System.nanoTime() - start) / 1e9);
        steps.add(step);
        out.printf("  %-5s %-22s %8.2f s %,12.0f rows/s%n", kind, method, step.seconds(), step.rate());
        return result;
    }

    private void printTable() {
        out.printf("%n%-5s  %-22s %12s %9s %12s %9s%n", "step", "method", "rows", "seconds", "rows/s", "vs JDBC");
        for (Step s : steps) {
            double jdbc = steps.stream().filter(j -> j.kind().equals(s.kind()) && j.method().equals("Spark JDBC"))
                    .findFirst().map(Step::rate).orElse(Double.NaN);
            out.printf("%-5s  %-22s %,12d %9.2f %,12.0f %8.2fx%n", s.kind(), s.method(), s.rows(), s.seconds(), s.rate(),
                    s.rate() / jdbc);
        }
    }

    private static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    private static long count(ConnectionSpec spec, String table) throws SQLException {
        try (Connection c = spec.open(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void dropTables(ConnectionSpec spec) throws SQLException {
        try (Connection c = spec.open(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE + ", " + JDBC_TABLE);
        }
    }
}
