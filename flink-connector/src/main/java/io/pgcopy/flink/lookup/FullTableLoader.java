package io.pgcopy.flink.lookup;

import io.pgcopy.copy.PgCopyReader;
import io.pgcopy.flink.read.RowDataDecoders;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.flink.api.common.io.DefaultInputSplitAssigner;
import org.apache.flink.api.common.io.RichInputFormat;
import org.apache.flink.api.common.io.statistics.BaseStatistics;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.GenericInputSplit;
import org.apache.flink.core.io.InputSplit;
import org.apache.flink.core.io.InputSplitAssigner;
import org.apache.flink.table.data.RowData;

/**
 * Loads the whole lookup table — only the columns the join reads — for Flink's FULL cache, by one
 * {@code COPY (SELECT cols FROM t) TO STDOUT (FORMAT binary)}: one split, rows decoded as they
 * stream in. The cache runs it at start and on every reload.
 */
final class FullTableLoader extends RichInputFormat<RowData, InputSplit> {
    private final LookupSource source;
    private transient Connection connection;
    private transient PgCopyReader copy;
    private transient RowDataDecoders decoders;
    private transient boolean hasNext;

    FullTableLoader(LookupSource source) {
        this.source = source;
    }

    String copySql() {
        return "COPY (SELECT " + RowDataDecoders.selectList(source.rowType()) + " FROM " + source.table().quoted()
                + source.whereClause() + ") TO STDOUT (FORMAT binary)";
    }

    @Override
    public void configure(Configuration parameters) {}

    @Override
    public BaseStatistics getStatistics(BaseStatistics cachedStatistics) {
        return cachedStatistics;
    }

    @Override
    public InputSplit[] createInputSplits(int minNumSplits) {
        return new InputSplit[] {new GenericInputSplit(0, 1)};
    }

    @Override
    public InputSplitAssigner getInputSplitAssigner(InputSplit[] splits) {
        return new DefaultInputSplitAssigner(splits);
    }

    @Override
    public void open(InputSplit split) throws IOException {
        decoders = RowDataDecoders.of(source.rowType());
        try {
            connection = source.connection().open();
            copy = new PgCopyReader(connection, copySql());
            hasNext = copy.rows().nextRow();
        } catch (SQLException e) {
            close();
            throw new IOException("pgcopy cannot load " + source.table() + " into the lookup cache: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean reachedEnd() {
        return !hasNext;
    }

    @Override
    public RowData nextRecord(RowData reuse) throws IOException {
        RowData row = decoders.read(copy.rows());
        hasNext = copy.rows().nextRow();
        return row;
    }

    @Override
    public void close() throws IOException {
        try {
            if (copy != null) copy.close();
            if (connection != null) connection.close();
        } catch (SQLException e) {
            throw new IOException(e);
        } finally {
            copy = null;
            connection = null;
        }
    }
}
