package io.pgcopy.spark.read;

import io.pgcopy.arrow.ReadOptions;
import io.pgcopy.spark.PgCopyOptions;
import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read options of a scan, parsed and checked once on the driver so that a bad value fails
 * before any task runs.
 *
 * @param batchRows rows per ColumnarBatch
 * @param consistentSnapshot whether all splits read one exported snapshot
 * @param numPartitions the number of splits asked for (empty: by the table's size)
 */
record ReadSettings(int batchRows, boolean consistentSnapshot, Optional<Integer> numPartitions,
        Optional<String> partitionColumn, Optional<String> lowerBound, Optional<String> upperBound,
        ReadOptions readOptions) implements Serializable {

    static final int DEFAULT_BATCH_ROWS = 8192;
    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    static ReadSettings of(PgCopyOptions o) {
        int batchRows = o.getInt(PgCopyOptions.BATCH_SIZE, DEFAULT_BATCH_ROWS);
        if (batchRows < 1) throw bad(PgCopyOptions.BATCH_SIZE, "a positive number of rows", batchRows);
        String snapshot = o.get(PgCopyOptions.SNAPSHOT, "none").toLowerCase(Locale.ROOT);
        if (!snapshot.equals("none") && !snapshot.equals("consistent")) {
            throw bad(PgCopyOptions.SNAPSHOT, "consistent or none", snapshot);
        }
        Optional<Integer> partitions = o.get(PgCopyOptions.NUM_PARTITIONS).map(v -> o.getInt(PgCopyOptions.NUM_PARTITIONS, 1));
        if (partitions.isPresent() && partitions.get() < 1) throw bad(PgCopyOptions.NUM_PARTITIONS, "at least 1", partitions.get());
        Optional<String> column = o.get(PgCopyOptions.PARTITION_COLUMN);
        Optional<String> lower = o.get(PgCopyOptions.LOWER_BOUND);
        Optional<String> upper = o.get(PgCopyOptions.UPPER_BOUND);
        if (column.isEmpty() && (lower.isPresent() || upper.isPresent())) {
            throw new IllegalArgumentException("options \"lowerBound\" and \"upperBound\" need \"partitionColumn\"");
        }
        return new ReadSettings(batchRows, snapshot.equals("consistent"), partitions, column, lower, upper,
                readOptions(o));
    }

    private static ReadOptions readOptions(PgCopyOptions o) {
        ReadOptions r = ReadOptions.DEFAULT;
        String numeric = o.get(PgCopyOptions.UNCONSTRAINED_NUMERIC, "decimal(38,18)").toLowerCase(Locale.ROOT);
        Matcher m = DECIMAL.matcher(numeric);
        if (numeric.equals("string") || numeric.equals("text")) {
            r = r.withUnconstrainedNumeric(ReadOptions.NumericMode.TEXT);
        } else if (m.matches()) {
            try {
                r = r.withNumericDecimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw bad(PgCopyOptions.UNCONSTRAINED_NUMERIC, "decimal(p,s) with 1 <= p <= 38 and 0 <= s <= p", numeric);
            }
        } else {
            throw bad(PgCopyOptions.UNCONSTRAINED_NUMERIC, "decimal(p,s) or string", numeric);
        }
        return r.withNumericSpecials(special(o, PgCopyOptions.NUMERIC_SPECIALS))
                .withInfinity(special(o, PgCopyOptions.INFINITY));
    }

    private static ReadOptions.OnSpecial special(PgCopyOptions o, String name) {
        String v = o.get(name, "error").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "error" -> ReadOptions.OnSpecial.ERROR;
            case "null" -> ReadOptions.OnSpecial.NULL;
            default -> throw bad(name, "error or null", v);
        };
    }

    private static IllegalArgumentException bad(String option, String expected, Object value) {
        return new IllegalArgumentException("option \"" + option + "\" must be " + expected + ", not: " + value);
    }
}
