package io.pgcopy.flink.table;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** The options of {@code 'connector' = 'pgcopy'}. */
final class PgCopyTableOptions {
    private PgCopyTableOptions() {}

    static final ConfigOption<String> URL = ConfigOptions.key("url").stringType().noDefaultValue()
            .withDescription("jdbc:postgresql://host:port/db");
    static final ConfigOption<String> TABLE_NAME = ConfigOptions.key("table-name").stringType().noDefaultValue()
            .withDescription("the target table as PostgreSQL parses it: orders, public.orders, \"Mixed Case\"");
    static final ConfigOption<String> USERNAME = ConfigOptions.key("username").stringType().noDefaultValue();
    static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue();
    static final ConfigOption<Integer> MAX_ROWS = ConfigOptions.key("sink.buffer-flush.max-rows").intType()
            .defaultValue(50_000).withDescription("at-least-once: commit after this many rows");
    static final ConfigOption<MemorySize> MAX_BYTES = ConfigOptions.key("sink.buffer-flush.max-bytes")
            .memoryType().defaultValue(MemorySize.ofMebiBytes(64))
            .withDescription("at-least-once: commit after this much COPY data");
    static final ConfigOption<Duration> INTERVAL = ConfigOptions.key("sink.buffer-flush.interval").durationType()
            .defaultValue(Duration.ofSeconds(1)).withDescription("at-least-once: commit rows older than this; 0 = off");
    static final ConfigOption<String> DELIVERY_GUARANTEE = ConfigOptions.key("sink.delivery-guarantee")
            .stringType().defaultValue("at-least-once")
            .withDescription("at-least-once, exactly-once (needs checkpointing) or none");
    static final ConfigOption<Integer> MAX_RETRIES = ConfigOptions.key("sink.max-retries").intType().defaultValue(3)
            .withDescription("retries of a commit after a lost connection");
    static final ConfigOption<Duration> LOCK_TIMEOUT = ConfigOptions.key("sink.lock-timeout").durationType()
            .noDefaultValue().withDescription("PostgreSQL's lock_timeout for the sink's sessions: a locked table fails"
                    + " the write after this long instead of waiting for ever");
    /** {@code properties.<key>}: a pgjdbc connection property, e.g. properties.sslmode. */
    static final String PROPERTIES_PREFIX = "properties.";
    static final ConfigOption<String> SINK_ID = ConfigOptions.key("sink.id").stringType().noDefaultValue()
            .withDescription("names the sink's prepared transactions and staging tables (default: the table name)");
    static final ConfigOption<String> COMMIT_LOG_TABLE = ConfigOptions.key("sink.commit-log-table").stringType()
            .noDefaultValue().withDescription("exactly-once: the table recording the sink's commits, e.g."
                    + " pgcopy.flink_commits (default: pgcopy_commit_log in the target's schema)");
    static final ConfigOption<String> SCAN_PARTITION_COLUMN = ConfigOptions.key("scan.partition.column")
            .stringType().noDefaultValue().withDescription("split the scan by this column (integer, date, timestamp:"
                    + " equal strides; uuid, text: quantiles) instead of ctid page ranges");
    static final ConfigOption<Integer> SCAN_PARTITION_NUM = ConfigOptions.key("scan.partition.num").intType()
            .noDefaultValue().withDescription("the number of splits");
    static final ConfigOption<String> SCAN_PARTITION_LOWER_BOUND = ConfigOptions.key("scan.partition.lower-bound")
            .stringType().noDefaultValue().withDescription("the strides' start (default: min); filters no row");
    static final ConfigOption<String> SCAN_PARTITION_UPPER_BOUND = ConfigOptions.key("scan.partition.upper-bound")
            .stringType().noDefaultValue().withDescription("the strides' end (default: max); filters no row");
    static final ConfigOption<String> SCAN_SNAPSHOT = ConfigOptions.key("scan.snapshot").stringType()
            .defaultValue("consistent").withDescription("consistent: all splits read one exported snapshot; none:"
                    + " each split reads the table as it is when the split starts");
    static final ConfigOption<MemorySize> SCAN_SPLIT_SIZE = ConfigOptions.key("scan.split-size").memoryType()
            .defaultValue(MemorySize.ofMebiBytes(64)).withDescription("ctid splits: about this much table each");
}
