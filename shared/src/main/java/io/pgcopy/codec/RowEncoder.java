package io.pgcopy.codec;

import io.pgcopy.values.IndexedValues;
import io.pgcopy.values.SourceType;

/**
 * Encodes whole rows: for each COPY column, the source field it reads and the encoder chosen at
 * plan time. Adds table, column, row and value to every value error. Not thread-safe: one per writer.
 */
public final class RowEncoder {
    private final String table;
    private final String[] columns;
    private final String[] columnTypes;
    private final boolean[] notNull;
    private final int[] sourceIndexes;
    private final SourceType[] sourceTypes;
    private final ValueEncoder[] encoders;
    private long rows;

    public RowEncoder(String table, String[] columns, String[] columnTypes, boolean[] notNull, int[] sourceIndexes,
            SourceType[] sourceTypes, ValueEncoder[] encoders) {
        this.table = table;
        this.columns = columns;
        this.columnTypes = columnTypes;
        this.notNull = notNull;
        this.sourceIndexes = sourceIndexes;
        this.sourceTypes = sourceTypes;
        this.encoders = encoders;
    }

    /** Appends one row to {@code out}. On a bad value nothing of the row must be sent: abort the COPY. */
    public void encode(IndexedValues row, CopyBuffer out) {
        rows++;
        int n = encoders.length;
        out.startRow(n);
        for (int c = 0; c < n; c++) {
            int f = sourceIndexes[c];
            if (row.isNull(f)) {
                if (notNull[c]) throw error(c, null, "null value violates the NOT NULL constraint of the column");
                out.writeNull();
                continue;
            }
            try {
                encoders[c].encode(row, f, out);
            } catch (BadValueException e) {
                String value = e.value() != null ? e.value() : ValueText.render(row, f, sourceTypes[c]);
                throw error(c, value, e.getMessage());
            }
        }
        out.endRow();
    }

    private CopyValueException error(int c, String value, String problem) {
        return new CopyValueException(table, columns[c], rows, value, columnTypes[c], problem);
    }

    /** Rows encoded so far (the failing one included). */
    public long rows() {
        return rows;
    }

    public int columnCount() {
        return encoders.length;
    }
}
