package io.pgcopy.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** {@code pgcopy export}: a table or a query into Parquet, CSV or JSON files, published only when complete. */
final class Export {
    static final String USAGE = """
            usage: pgcopy export (--table T | --query SQL) --url URL [options] OUT

            Reads a table or a query with pgcopy's parallel binary COPY and writes it as a directory
            of Parquet, CSV or JSON part files (Spark's layout). The files are written to a hidden
            directory next to OUT and moved into place only when all of them are complete: a
            failed or killed export never leaves a half-written OUT.

              --table T          a table, e.g. public.orders or '"My Schema"."Orders"'
              --query SQL        a query instead of a table
              --url URL          jdbc:postgresql://host:port/db (default: $PGCOPY_URL)
              --user U           (default: $PGCOPY_USER, or user= in the URL)
              --password P       (default: $PGCOPY_PASSWORD, or password= in the URL)
              --format F         parquet, csv or json (default: from OUT's extension, e.g.
                                 out.parquet, out.csv, out.json; .gz/.zst after it compresses
                                 CSV and JSON: out.csv.gz)
              --partition-by C   write one subdirectory per value of column C (repeatable)
              --partitions N     read with N parallel COPY streams (default: by table size)
              --overwrite        replace an existing OUT (only once the new one is complete)
              --delimiter D      CSV field delimiter (default ,)
              --null S           CSV text for NULL (default: an empty unquoted field; an empty
                                 string is written as "")
              --no-header        CSV without a header line
              --master M         Spark master (default local[2])

            CSV is RFC 4180 as PostgreSQL's COPY ... CSV reads it: quotes doubled, embedded
            delimiters and newlines quoted, backslashes literal. Timestamps keep microseconds;
            bytea is written as \\x hex in CSV, base64 in JSON; arrays and composite values as JSON
            text in CSV; intervals as text.
            """;

    private final Database database;
    private final String table;
    private final String query;
    private final Path out;
    private final FileFormat format;
    private final String compression;
    private final List<String> partitionBy;
    private final Integer partitions;
    private final boolean overwrite;
    private final Map<String, String> csv;
    private final String master;
    private final PrintStream console;

    private Export(Args args, Map<String, String> env, PrintStream console) {
        this.database = Database.from(args, "--url", true, env);
        this.table = args.value("--table").orElse(null);
        this.query = args.value("--query").orElse(null);
        if ((table == null) == (query == null)) throw new IllegalArgumentException("give exactly one of --table and --query");
        if (args.positional().size() != 1) {
            throw new IllegalArgumentException("give exactly one output path OUT" + (args.positional().isEmpty() ? ""
                    : ", not " + args.positional()));
        }
        String outArg = args.positional().get(0);
        this.out = Path.of(outArg).toAbsolutePath().normalize();
        this.overwrite = args.flag("--overwrite");
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
            throw new IllegalArgumentException(out + " exists: add --overwrite to replace it");
        }
        this.format = args.value("--format").map(FileFormat::parse).orElseGet(() -> FileFormat.ofPath(outArg));
        this.compression = format == FileFormat.PARQUET ? null : FileFormat.compression(outArg);
        this.partitionBy = args.values("--partition-by");
        this.partitions = args.value("--partitions").isPresent() ? args.positiveInt("--partitions", 1) : null;
        this.csv = Map.of("header", String.valueOf(!args.flag("--no-header")), "sep", args.value("--delimiter", ","),
                "nullValue", args.value("--null", ""));
        this.master = args.value("--master", LocalSpark.DEFAULT_MASTER);
        this.console = console;
    }

    static Export parse(String[] argv, Map<String, String> env, PrintStream out) {
        return new Export(Args.parse("export", argv, Set.of("--url", "--user", "--password", "--master", "--table",
                "--query", "--format", "--partition-by", "--partitions", "--delimiter", "--null"),
                Set.of("--overwrite", "--no-header")), env, out);
    }

    int run() throws Exception {
        String what = table != null ? "table " + table : "query";
        console.println("Exporting " + what + " from " + database.display() + " to " + out + " (" + format.sparkName()
                + (compression == null ? "" : ", " + compression) + ")");
        SparkSession spark = LocalSpark.start(master, "export");
        try (AtomicOutput output = new AtomicOutput(out); Progress progress = new Progress(console, System.console() != null)) {
            spark.sparkContext().addSparkListener(progress);
            progress.start("export");
            Dataset<Row> source = spark.read().format("pgcopy").options(database.sparkOptions())
                    .option(table != null ? "dbtable" : "query", table != null ? table : query)
                    .options(partitions == null ? Map.of() : Map.of("numPartitions", String.valueOf(partitions)))
                    .load();
            writer(OutputColumns.forFormat(source, format)).save(output.temp().toString());
            progress.stop();
            output.publish(overwrite);
        } finally {
            spark.stop();
        }
        console.println("Exported " + what + " to " + out);
        return 0;
    }

    private DataFrameWriter<Row> writer(Dataset<Row> df) {
        DataFrameWriter<Row> w = df.write().mode(SaveMode.ErrorIfExists).format(format.sparkName())
                .option("timestampFormat", "yyyy-MM-dd HH:mm:ss.SSSSSSXXX")
                .option("timestampNTZFormat", "yyyy-MM-dd HH:mm:ss.SSSSSS");
        if (compression != null) w = w.option("compression", compression);
        if (format == FileFormat.CSV) {
            // RFC 4180 as PostgreSQL reads it; Spark's defaults escape quotes with \ and trim spaces
            w = w.options(csv).option("quote", "\"").option("escape", "\"").option("ignoreLeadingWhiteSpace", "false")
                    .option("ignoreTrailingWhiteSpace", "false");
        }
        if (!partitionBy.isEmpty()) w = w.partitionBy(partitionBy.toArray(String[]::new));
        return w;
    }
}
