package io.pgcopy.flink.lookup;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.source.InputFormatProvider;
import org.apache.flink.table.connector.source.LookupTableSource.LookupContext;
import org.apache.flink.table.connector.source.LookupTableSource.LookupRuntimeProvider;
import org.apache.flink.table.connector.source.lookup.AsyncLookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.FullCachingLookupProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.connector.source.lookup.cache.trigger.CacheReloadTrigger;
import org.apache.flink.table.connector.source.lookup.cache.trigger.PeriodicCacheReloadTrigger;
import org.apache.flink.table.connector.source.lookup.cache.trigger.TimedCacheReloadTrigger;

/**
 * Lookup joins against a PostgreSQL table ({@code JOIN t FOR SYSTEM_TIME AS OF proctime}), with
 * Flink's lookup cache options: NONE and PARTIAL look keys up with a prepared query (synchronous,
 * or asynchronous on a pool of connections); FULL loads the table by binary COPY and reloads it
 * periodically or at a time of day.
 */
public final class PgCopyLookup {
    private PgCopyLookup() {}

    /** The options {@link #provider} reads, for a factory's {@code optionalOptions}. */
    public static Set<ConfigOption<?>> options() {
        return Set.of(LookupOptions.CACHE_TYPE, LookupOptions.MAX_RETRIES, LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS,
                LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE, LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY,
                LookupOptions.PARTIAL_CACHE_MAX_ROWS, LookupOptions.FULL_CACHE_RELOAD_STRATEGY,
                LookupOptions.FULL_CACHE_PERIODIC_RELOAD_INTERVAL, LookupOptions.FULL_CACHE_PERIODIC_RELOAD_SCHEDULE_MODE,
                LookupOptions.FULL_CACHE_TIMED_RELOAD_ISO_TIME, LookupOptions.FULL_CACHE_TIMED_RELOAD_INTERVAL_IN_DAYS,
                PgCopyLookupOptions.ASYNC, PgCopyLookupOptions.ASYNC_POOL_SIZE);
    }

    public static LookupRuntimeProvider provider(LookupSource source, ReadableConfig options, LookupContext context) {
        int[] keys = new int[context.getKeys().length];
        for (int i = 0; i < keys.length; i++) {
            int[] path = context.getKeys()[i];
            if (path.length != 1) throw new IllegalArgumentException("pgcopy looks up by top-level columns only");
            keys[i] = path[0];
        }
        int retries = options.get(LookupOptions.MAX_RETRIES);
        if (retries < 0) throw new IllegalArgumentException("'lookup.max-retries' must not be negative");
        int poolSize = options.get(PgCopyLookupOptions.ASYNC_POOL_SIZE);
        if (poolSize < 1) throw new IllegalArgumentException("'lookup.async.pool-size' must be at least 1");
        boolean async = options.get(PgCopyLookupOptions.ASYNC);
        switch (options.get(LookupOptions.CACHE_TYPE)) {
            case FULL:
                return FullCachingLookupProvider.of(InputFormatProvider.of(new FullTableLoader(source)), reloads(options));
            case PARTIAL:
                DefaultLookupCache cache = DefaultLookupCache.fromConfig(options);
                return async ? PartialCachingAsyncLookupProvider.of(
                        new PgCopyAsyncLookupFunction(source, keys, retries, poolSize), cache)
                        : PartialCachingLookupProvider.of(new PgCopyLookupFunction(source, keys, retries), cache);
            default:
                return async ? AsyncLookupFunctionProvider.of(new PgCopyAsyncLookupFunction(source, keys, retries, poolSize))
                        : LookupFunctionProvider.of(new PgCopyLookupFunction(source, keys, retries));
        }
    }

    private static CacheReloadTrigger reloads(ReadableConfig options) {
        return switch (options.get(LookupOptions.FULL_CACHE_RELOAD_STRATEGY)) {
            case PERIODIC -> PeriodicCacheReloadTrigger.fromConfig(options);
            case TIMED -> TimedCacheReloadTrigger.fromConfig(options);
        };
    }
}
