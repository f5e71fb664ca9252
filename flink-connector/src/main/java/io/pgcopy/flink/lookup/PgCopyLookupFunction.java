package io.pgcopy.flink.lookup;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Collection;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;

/** The synchronous lookup: one connection per subtask, one prepared query per key. (Public: Flink requires it.) */
public final class PgCopyLookupFunction extends LookupFunction {
    private final LookupSource source;
    private final int[] keys;
    private final int maxRetries;
    private transient KeyLookup lookup;

    PgCopyLookupFunction(LookupSource source, int[] keys, int maxRetries) {
        this.source = source;
        this.keys = keys;
        this.maxRetries = maxRetries;
    }

    @Override
    public void open(FunctionContext context) {
        lookup = new KeyLookup(source, keys, maxRetries);
    }

    @Override
    public Collection<RowData> lookup(RowData key) throws IOException {
        try {
            return lookup.lookup(lookup.parameters(key));
        } catch (SQLException e) {
            throw new IOException("pgcopy lookup in " + source.table() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        if (lookup != null) lookup.close();
    }
}
