package io.pgcopy.cli;

import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The files of a load as a DataFrame whose rows know where they came from: {@link #FILE} (the
 * file's URI) and {@link #RECORD} (the record's 0-based index in its file). Each file is read as
 * one Spark partition, so a record's index is its index in the partition — which is also the row
 * number pgcopy's COPY reports. CSV and JSON are read permissively into {@link #CORRUPT}, so a
 * malformed record is reported with its place rather than failing Spark's parser anonymously.
 */
final class SourceFiles {
    static final String FILE = "_pgcopy_file";
    static final String RECORD = "_pgcopy_record";
    static final String CORRUPT = "_pgcopy_corrupt";
    /** What Spark gives for a quoted empty CSV field ("") so that it stays apart from NULL (an empty unquoted field). */
    static final String EMPTY = "\uE000pgcopy-empty\uE000";
    private static final long RECORD_BITS = (1L << 33) - 1; // monotonically_increasing_id: partition << 33 | index

    private final SparkSession spark;
    private final FileFormat format;
    private final List<String> paths;
    private final Map<String, String> csv;

    /**
     * @param csv header, sep and nullValue for CSV
     */
    SourceFiles(SparkSession spark, FileFormat format, List<String> paths, Map<String, String> csv) {
        this.spark = spark;
        this.format = format;
        this.paths = paths;
        this.csv = csv;
    }

    FileFormat format() {
        return format;
    }

    boolean header() {
        return Boolean.parseBoolean(csv.get("header"));
    }

    String delimiter() {
        return csv.get("sep");
    }

    /**
     * Reads the files. {@code typed}: let Spark infer column types (for a table created from the
     * files); otherwise CSV and JSON values stay text, to be cast to the target's types.
     */
    Dataset<Row> read(boolean typed) {
        // one partition per file: no file is split, no two files share a partition
        spark.conf().set("spark.sql.files.maxPartitionBytes", String.valueOf(1L << 50));
        spark.conf().set("spark.sql.files.openCostInBytes", String.valueOf(1L << 50));
        Dataset<Row> df = switch (format) {
            case PARQUET -> spark.read().parquet(paths.toArray(String[]::new));
            case CSV -> withCorruptColumn(csvReader().option("inferSchema", String.valueOf(typed)), typed);
            case JSON -> withCorruptColumn(jsonReader(typed), typed);
        };
        if (format == FileFormat.PARQUET) df = df.withColumn(CORRUPT, lit(null).cast(DataTypes.StringType));
        return df.withColumn(FILE, input_file_name()).withColumn(RECORD, monotonically_increasing_id().bitwiseAND(RECORD_BITS));
    }

    private DataFrameReader csvReader() {
        Map<String, String> o = new HashMap<>(csv);
        o.put("multiLine", "true"); // quoted newlines; each file is one partition anyway
        o.put("quote", "\"");
        o.put("escape", "\""); // RFC 4180 (Spark's default escape is \, which would eat backslashes)
        o.put("emptyValue", EMPTY);
        o.put("enforceSchema", "false"); // every file's header must name the same columns
        o.put("mode", "PERMISSIVE");
        o.put("columnNameOfCorruptRecord", CORRUPT);
        return spark.read().options(o);
    }

    private DataFrameReader jsonReader(boolean typed) {
        return spark.read().option("primitivesAsString", String.valueOf(!typed)).option("prefersDecimal", "true")
                .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT);
    }

    /** A first read finds the columns (and types when inferring); the second adds the corrupt-record column. */
    private Dataset<Row> withCorruptColumn(DataFrameReader reader, boolean typed) {
        String[] files = paths.toArray(String[]::new);
        StructType schema = format == FileFormat.CSV ? reader.csv(files).schema() : reader.json(files).schema();
        if (schema.getFieldIndex(CORRUPT).isEmpty()) schema = schema.add(CORRUPT, DataTypes.StringType);
        return format == FileFormat.CSV ? reader.schema(schema).csv(files) : reader.schema(schema).json(files);
    }
}
