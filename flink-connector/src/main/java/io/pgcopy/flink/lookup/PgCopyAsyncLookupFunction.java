package io.pgcopy.flink.lookup;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * The asynchronous lookup: a bounded pool of {@code poolSize} threads per subtask, each with its
 * own connection, so at most that many queries run at once; Flink bounds the lookups in flight
 * ({@code table.exec.async-lookup.buffer-capacity}).
 */
public final class PgCopyAsyncLookupFunction extends AsyncLookupFunction {
    private final LookupSource source;
    private final int[] keys;
    private final int maxRetries;
    private final int poolSize;
    private transient ExecutorService pool;
    private transient ThreadLocal<KeyLookup> lookups;
    private transient List<KeyLookup> opened;
    private transient KeyLookup binder;

    PgCopyAsyncLookupFunction(LookupSource source, int[] keys, int maxRetries, int poolSize) {
        this.source = source;
        this.keys = keys;
        this.maxRetries = maxRetries;
        this.poolSize = poolSize;
    }

    @Override
    public void open(FunctionContext context) {
        opened = new ArrayList<>();
        binder = new KeyLookup(source, keys, maxRetries);
        lookups = ThreadLocal.withInitial(() -> {
            KeyLookup l = new KeyLookup(source, keys, maxRetries);
            synchronized (opened) {
                opened.add(l);
            }
            return l;
        });
        pool = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "pgcopy-lookup-" + source.table());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncLookup(RowData key) {
        Object[] parameters = binder.parameters(key); // now: Flink may reuse the key row
        return CompletableFuture.supplyAsync(() -> {
            try {
                return lookups.get().lookup(parameters);
            } catch (SQLException e) {
                throw new CompletionException("pgcopy lookup in " + source.table() + " failed: " + e.getMessage(), e);
            }
        }, pool);
    }

    @Override
    public void close() throws Exception {
        if (pool == null) return;
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        synchronized (opened) {
            for (KeyLookup l : opened) l.close();
        }
    }
}
