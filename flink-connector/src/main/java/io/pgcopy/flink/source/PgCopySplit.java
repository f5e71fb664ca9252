package io.pgcopy.flink.source;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One part of the read: the rows of {@code from} that match {@code condition} (null: all), read in
 * the exported snapshot {@code snapshotId} (null: a fresh one). {@code rowsEmitted} is its state:
 * a restored split is read again and that many rows are skipped.
 */
public record PgCopySplit(int index, String from, String condition, String snapshotId, long rowsEmitted)
        implements SourceSplit {

    @Override
    public String splitId() {
        return Integer.toString(index);
    }

    PgCopySplit emitted(long rows) {
        return new PgCopySplit(index, from, condition, snapshotId, rows);
    }
}
