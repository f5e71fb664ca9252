package io.pgcopy.cli;

import io.pgcopy.catalog.PgTable;
import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.sql.TableName;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** {@code pgcopy load}: CSV, Parquet or JSON files into a table through pgcopy's binary COPY. */
final class Load {
    static final String USAGE = """
            usage: pgcopy load FILE_OR_GLOB... --url URL --table T [options]

            Loads CSV, Parquet or JSON (one object per line) files into a table with Spark and
            pgcopy: one binary COPY per file, at most as many at a time as Spark has cores. File
            columns are matched to table columns by name (CSV without --header: by position) and
            converted to each column's type; table columns the files lack get their DEFAULT.
            With the default --commit job the rows appear all at once or, on any error, not at
            all. A bad value stops the load with its file, line and column.

              --url URL            jdbc:postgresql://host:port/db (default: $PGCOPY_URL)
              --user U             (default: $PGCOPY_USER, or user= in the URL)
              --password P         (default: $PGCOPY_PASSWORD, or password= in the URL)
              --table T            the target table, e.g. public.orders
              --create             create the table from the files' schema when it does not
                                   exist (CSV: types inferred by Spark); without it a missing
                                   table is an error
              --format F           csv, parquet or json (default: from the extension; .gz and
                                   .zst after it are decompressed: orders.csv.gz)
              --header             CSV: the first line names the columns
              --delimiter D        CSV field delimiter (default ,)
              --null S             CSV text that means NULL (default: an empty unquoted field;
                                   a quoted empty field "" is an empty string)
              --mode M             append (default) or overwrite (replace the table's rows, in
                                   the same transaction with --commit job)
              --on-conflict A      error (default), ignore (skip rows whose key exists) or update
                                   (upsert); needs a primary key or --conflict-columns
              --conflict-columns C comma-separated conflict key
              --commit C           job (default, all or nothing), task, or prepared (see the
                                   README's commit modes)
              --master M           Spark master (default local[2])

            CSV is RFC 4180 (PostgreSQL's CSV): fields may be quoted with ", quotes inside are
            doubled, quoted fields may hold delimiters and newlines, backslashes are literal.
            """;

    private final Database database;
    private final List<String> files;
    private final String table;
    private final FileFormat format;
    private final Map<String, String> csv;
    private final boolean create;
    private final boolean overwrite;
    private final Map<String, String> writeOptions;
    private final String master;
    private final PrintStream console;

    private Load(Args args, Map<String, String> env, PrintStream console) {
        this.database = Database.from(args, "--url", true, env);
        this.files = args.positional();
        if (files.isEmpty()) throw new IllegalArgumentException("give at least one file or glob to load");
        this.table = args.required("--table");
        TableName.parse(table); // a bad name is an argument error
        this.format = args.value("--format").map(FileFormat::parse).orElseGet(() -> formatOf(files));
        this.csv = Map.of("header", String.valueOf(args.flag("--header")), "sep", args.value("--delimiter", ","),
                "nullValue", args.value("--null", ""));
        if (csv.get("sep").isEmpty()) throw new IllegalArgumentException("--delimiter must not be empty");
        this.create = args.flag("--create");
        this.overwrite = args.choice("--mode", "append", "append", "overwrite").equals("overwrite");
        String onConflict = args.choice("--on-conflict", "error", "error", "ignore", "update");
        this.writeOptions = new java.util.HashMap<>(Map.of("commit", args.choice("--commit", "job", "job", "task", "prepared"),
                "onConflict", onConflict));
        args.value("--conflict-columns").ifPresent(c -> writeOptions.put("conflictColumns", c));
        this.master = args.value("--master", LocalSpark.DEFAULT_MASTER);
        this.console = console;
    }

    static Load parse(String[] argv, Map<String, String> env, PrintStream out) {
        return new Load(Args.parse("load", argv, Set.of("--url", "--user", "--password", "--master", "--table",
                "--format", "--delimiter", "--null", "--mode", "--on-conflict", "--conflict-columns", "--commit"),
                Set.of("--header", "--create")), env, out);
    }

    private static FileFormat formatOf(List<String> files) {
        FileFormat first = FileFormat.ofPath(files.get(0));
        for (String f : files) {
            if (FileFormat.ofPath(f) != first) {
                throw new IllegalArgumentException("the files are of different formats (" + files.get(0) + ", " + f
                        + "): load one format at a time");
            }
        }
        return first;
    }

    int run() throws Exception {
        Optional<PgTable> target;
        try (Connection c = database.connection().open()) {
            target = new TableIntrospector(c).find(TableName.parse(table));
        }
        if (target.isEmpty() && !create) {
            throw new LoadException("table " + table + " does not exist in " + database.display()
                    + ": create it first, or add --create to create it from the files' schema");
        }
        console.println("Loading " + String.join(" ", files) + " (" + format.sparkName() + ") into "
                + target.map(t -> t.name().toString()).orElse(table + " (created)") + " at " + database.display());
        SparkSession spark = LocalSpark.start(master, "load");
        try (Progress progress = new Progress(console, System.console() != null)) {
            spark.sparkContext().addSparkListener(progress);
            SourceFiles source = new SourceFiles(spark, format, files, csv);
            Dataset<Row> positioned = source.read(target.isEmpty());
            Dataset<Row> rows = target.isEmpty() ? LoadColumns.asRead(positioned)
                    : LoadColumns.forTable(positioned, target.get(), format == FileFormat.CSV && !source.header());
            progress.start("load");
            try {
                rows.write().format("pgcopy").options(database.sparkOptions()).option("dbtable", table)
                        .options(writeOptions).mode(overwrite ? SaveMode.Overwrite : SaveMode.Append).save();
            } catch (Exception e) { // SparkException is checked, though save() does not declare it
                throw new BadRows(source, positioned).explain(e).orElseThrow(() -> e);
            } finally {
                progress.stop();
            }
        } finally {
            spark.stop();
        }
        console.printf("Loaded into %s: it now has %,d rows.%n", table, count());
        return 0;
    }

    private long count() throws Exception {
        try (Connection c = database.connection().open(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TableName.parse(table).quoted())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
