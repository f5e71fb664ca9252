package io.pgcopy.cli;

import static org.apache.spark.sql.functions.col;

import io.pgcopy.catalog.PgColumn;
import io.pgcopy.catalog.PgTable;
import io.pgcopy.catalog.TableDefinition;
import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimeType;

/** {@code pgcopy copy}: tables from one PostgreSQL to another, read and written by binary COPY, no files. */
final class Copy {
    static final String USAGE = """
            usage: pgcopy copy --from URL --to URL (--table T... | --schema S) [options]

            Copies tables between PostgreSQL servers (or databases) through Spark: pgcopy's parallel
            binary COPY out of the source, straight into binary COPY into the target, no files.
            A table missing on the target is created like the source's: same column types
            (format_type), NOT NULL, defaults (except sequence defaults; identity columns stay
            identity columns), and after the rows are in: primary key, unique, check and
            exclusion constraints, indexes, and foreign keys. --schema copies every table of the
            schema and creates the schema. User-defined types (enums, domains) must exist on the
            target. Row counts of source and target are compared at the end.

              --from URL          the source, jdbc:postgresql://host:port/db
              --to URL            the target
              --user U            for both (default: $PGCOPY_USER; user= in a URL wins)
              --password P        for both (default: $PGCOPY_PASSWORD; password= in a URL wins)
              --table T           a table to copy, e.g. public.orders (repeatable)
              --schema S          copy every table of schema S
              --mode M            append (default) or overwrite: what to do with the rows of a
                                  table that exists on the target
              --partitions N      parallel COPY streams per table (default: by table size)
              --master M          Spark master (default local[2])

            Exit code 0 when every table's row count matches (for tables that existed on the
            target and were appended to, the counts are shown, not compared), 1 otherwise.
            """;

    private final Database from;
    private final Database to;
    private final List<String> tableArgs;
    private final String schema;
    private final boolean overwrite;
    private final Integer partitions;
    private final String master;
    private final PrintStream console;

    private Copy(Args args, Map<String, String> env, PrintStream console) {
        this.from = Database.from(args, "--from", false, env);
        this.to = Database.from(args, "--to", false, env);
        this.tableArgs = args.values("--table");
        this.schema = args.value("--schema").orElse(null);
        if (tableArgs.isEmpty() == (schema == null)) throw new IllegalArgumentException("give --table T (one or more) or --schema S");
        tableArgs.forEach(TableName::parse);
        if (!args.positional().isEmpty()) throw new IllegalArgumentException("unexpected argument '" + args.positional().get(0) + "'");
        this.overwrite = args.choice("--mode", "append", "append", "overwrite").equals("overwrite");
        this.partitions = args.value("--partitions").isPresent() ? args.positiveInt("--partitions", 1) : null;
        this.master = args.value("--master", LocalSpark.DEFAULT_MASTER);
        this.console = console;
    }

    static Copy parse(String[] argv, Map<String, String> env, PrintStream out) {
        return new Copy(Args.parse("copy", argv, Set.of("--from", "--to", "--user", "--password", "--master", "--table",
                "--schema", "--mode", "--partitions"), Set.of()), env, out);
    }

    /** One table: its definition on the source and whether the copy created it on the target. */
    private record Job(TableDefinition definition, PgTable source, boolean created) {}

    int run() throws Exception {
        console.println("Copying from " + from.display() + " to " + to.display());
        List<Job> jobs = prepare();
        SparkSession spark = LocalSpark.start(master, "copy");
        try (Progress progress = new Progress(console, System.console() != null)) {
            spark.sparkContext().addSparkListener(progress);
            for (Job job : jobs) {
                progress.start("copy " + job.definition().table());
                copyRows(spark, job);
                progress.stop();
            }
        } finally {
            spark.stop();
        }
        finishTargets(jobs);
        return checkCounts(jobs);
    }

    /** Reads the source definitions and creates what the target lacks (schema, tables without keys). */
    private List<Job> prepare() throws SQLException {
        List<Job> jobs = new ArrayList<>();
        try (Connection source = from.connection().open(); Connection target = to.connection().open()) {
            List<TableName> names = new ArrayList<>();
            if (schema != null) {
                names.addAll(TableDefinition.tablesOf(source, schema));
                if (names.isEmpty()) throw new SQLException("schema " + schema + " has no tables in " + from.display());
            } else {
                for (String t : tableArgs) names.add(TableName.parse(t));
            }
            TableIntrospector sourceCatalog = new TableIntrospector(source);
            TableIntrospector targetCatalog = new TableIntrospector(target);
            try (Statement s = target.createStatement()) {
                if (schema != null) s.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
                for (TableName name : names) {
                    TableDefinition definition = TableDefinition.read(source, name);
                    boolean exists = targetCatalog.find(definition.table()).isPresent();
                    if (!exists) s.execute(definition.createTableSql());
                    console.println("  " + definition.table() + (exists ? (overwrite ? ": exists, rows replaced" : ": exists, rows appended")
                            : ": created"));
                    jobs.add(new Job(definition, sourceCatalog.get(definition.table()), !exists));
                }
            }
        }
        return jobs;
    }

    private void copyRows(SparkSession spark, Job job) {
        String table = job.definition().table().quoted();
        Dataset<Row> rows = spark.read().format("pgcopy").options(from.sparkOptions()).option("dbtable", table)
                .options(partitions == null ? Map.of() : Map.of("numPartitions", String.valueOf(partitions))).load();
        List<Column> columns = new ArrayList<>();
        for (String name : job.definition().copiedColumns()) {
            Column c = col(OutputColumns.quoted(name));
            PgColumn pg = job.source().column(name).orElseThrow();
            TargetTypes.checkWritable(pg, job.definition().table().toString());
            // pgcopy reads time as text (Spark 4.1 reads no Arrow time) but writes it from Spark's TIME
            if (TargetTypes.of(pg) instanceof TimeType && rows.schema().apply(name).dataType() instanceof StringType) {
                c = c.cast(TargetTypes.of(pg));
            }
            columns.add(c.as(name));
        }
        rows.select(columns.toArray(Column[]::new)).write().format("pgcopy").options(to.sparkOptions())
                .option("dbtable", table).mode(overwrite ? SaveMode.Overwrite : SaveMode.Append).save();
    }

    /** Keys, indexes and identity sequences of the created tables, then their foreign keys. */
    private void finishTargets(List<Job> jobs) throws SQLException {
        try (Connection target = to.connection().open(); Statement s = target.createStatement()) {
            for (Job job : jobs) {
                if (!job.created()) continue;
                for (String sql : job.definition().afterLoadSql()) s.execute(sql);
            }
            for (Job job : jobs) {
                if (!job.created()) continue;
                for (String sql : job.definition().foreignKeys()) {
                    try {
                        s.execute(sql);
                    } catch (SQLException e) {
                        console.println("  warning: foreign key not added (" + e.getMessage() + "): " + sql);
                    }
                }
            }
        }
    }

    private int checkCounts(List<Job> jobs) throws SQLException {
        boolean ok = true;
        console.printf("%n%-40s %14s %14s%n", "table", "source rows", "target rows");
        try (Connection source = from.connection().open(); Connection target = to.connection().open()) {
            for (Job job : jobs) {
                long s = count(source, job.definition().table());
                long t = count(target, job.definition().table());
                boolean compared = job.created() || overwrite;
                boolean match = !compared || s == t;
                ok &= match;
                console.printf("%-40s %,14d %,14d%s%n", job.definition().table(), s, t,
                        match ? (compared ? "" : "  (appended: not compared)") : "  MISMATCH");
            }
        }
        console.println(ok ? "Copy done." : "Copy done, but row counts differ.");
        return ok ? 0 : 1;
    }

    private static long count(Connection c, TableName table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table.quoted())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
