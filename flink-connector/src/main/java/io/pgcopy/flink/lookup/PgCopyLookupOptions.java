package io.pgcopy.flink.lookup;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** pgcopy's own lookup options; the cache and retry options are Flink's {@code LookupOptions}. */
public final class PgCopyLookupOptions {
    private PgCopyLookupOptions() {}

    public static final ConfigOption<Boolean> ASYNC = ConfigOptions.key("lookup.async").booleanType().defaultValue(false)
            .withDescription("look keys up asynchronously, on a pool of connections (NONE and PARTIAL cache)");
    public static final ConfigOption<Integer> ASYNC_POOL_SIZE = ConfigOptions.key("lookup.async.pool-size").intType()
            .defaultValue(4).withDescription("async lookup: connections (and queries at once) per subtask");
}
