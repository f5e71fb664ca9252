package io.pgcopy.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;

import io.pgcopy.codec.CopyValueException;
import io.pgcopy.copy.CopyFailedException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Turns a failed load into the file, line and column of the row that failed. Three cases:
 * a value Spark could not convert ({@link BadValue}, raised with its place); a value pgcopy's
 * encoder refused ({@link CopyValueException}: row N of a Spark partition's COPY); a row
 * PostgreSQL refused during the COPY ({@link CopyFailedException}, whose context says "line N").
 * For the last two, the partition comes from Spark's "Lost task P.A" and the partition's file from
 * one more look at the files (each file is one partition, in a fixed order).
 */
final class BadRows {
    private static final Pattern LOST_TASK = Pattern.compile("Lost task (\\d+)\\.\\d+ in stage");
    private static final Pattern COPY_LINE = Pattern.compile("COPY [^,\\n]+, line (\\d+)");

    private final SourceFiles files;
    private final Dataset<Row> positioned;

    BadRows(SourceFiles files, Dataset<Row> positioned) {
        this.files = files;
        this.positioned = positioned;
    }

    /** The failure as a LoadException naming the row's place, or empty when it is not about a row. */
    Optional<LoadException> explain(Throwable failure) {
        Optional<BadValue> bad = BadValue.in(failure);
        if (bad.isPresent()) {
            BadValue b = bad.get();
            return Optional.of(new LoadException(where(b.file(), b.record()) + ": " + b.problem()));
        }
        CopyValueException value = find(failure, CopyValueException.class);
        if (value != null) {
            return Optional.of(new LoadException(where(partition(failure), value.row()) + ": " + value.getMessage(), value));
        }
        CopyFailedException refused = find(failure, CopyFailedException.class);
        if (refused != null) {
            Matcher line = COPY_LINE.matcher(refused.getMessage());
            String place = line.find() ? where(partition(failure), Long.parseLong(line.group(1)))
                    : "a row (PostgreSQL did not say which)";
            return Optional.of(new LoadException(place + ": PostgreSQL refused it: " + refused.getMessage(), refused));
        }
        return Optional.empty();
    }

    /** "file F, line L" for the {@code row}-th (1-based) row of a partition. */
    private String where(int partition, long row) {
        if (partition < 0) return "row " + row + " of one of the files (Spark did not say which)";
        List<Row> file = positioned.where(spark_partition_id().equalTo(partition)).select(col(SourceFiles.FILE))
                .limit(1).collectAsList();
        if (file.isEmpty()) return "row " + row + " of partition " + partition;
        return where(file.get(0).getString(0), row - 1);
    }

    private String where(String fileUri, long record) {
        return "file " + RecordLines.path(fileUri) + ", "
                + RecordLines.place(fileUri, record, files.format(), files.header(), files.delimiter());
    }

    private static int partition(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = LOST_TASK.matcher(String.valueOf(t.getMessage()));
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        return -1;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }
}
