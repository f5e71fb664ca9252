package io.pgcopy.flink.sink;

import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import io.pgcopy.stream.CheckpointTransactions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** Builds a {@link PgCopySink}; url, table and row converter are required. */
public final class PgCopySinkBuilder<T> {
    static final int DEFAULT_MAX_ROWS = 50_000;
    static final long DEFAULT_MAX_BYTES = 64L << 20;
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    static final int DEFAULT_MAX_RETRIES = 3;

    private String url;
    private String table;
    private final Properties properties = new Properties();
    private RowConverter<T> converter;
    private DeliveryGuarantee guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
    private int maxRows = DEFAULT_MAX_ROWS;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private Duration interval = DEFAULT_INTERVAL;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private String sinkId;
    private List<String> keyColumns = List.of();
    private String commitLogTable;

    PgCopySinkBuilder() {}

    /** {@code jdbc:postgresql://host:port/db}; other pgjdbc settings through {@link #property}. */
    public PgCopySinkBuilder<T> url(String url) {
        this.url = url;
        return this;
    }

    /** The target, as PostgreSQL parses it: {@code orders}, {@code public.orders}, {@code "Mixed Case"}. */
    public PgCopySinkBuilder<T> table(String table) {
        this.table = table;
        return this;
    }

    public PgCopySinkBuilder<T> username(String username) {
        return property("user", username);
    }

    public PgCopySinkBuilder<T> password(String password) {
        return property("password", password);
    }

    /** A pgjdbc connection property, e.g. {@code sslmode}. */
    public PgCopySinkBuilder<T> property(String key, String value) {
        properties.setProperty(key, value);
        return this;
    }

    /**
     * PostgreSQL's {@code lock_timeout} on every session of the sink: a table (or row) another session
     * keeps locked fails the write after this long, naming the table, instead of waiting for ever.
     * Zero waits for ever (PostgreSQL's default).
     */
    public PgCopySinkBuilder<T> lockTimeout(Duration timeout) {
        if (timeout.isNegative()) throw new IllegalArgumentException("lockTimeout must not be negative: " + timeout);
        return property(ConnectionSpec.LOCK_TIMEOUT, timeout.toMillis() + "ms");
    }

    public PgCopySinkBuilder<T> rowConverter(RowConverter<T> converter) {
        this.converter = converter;
        return this;
    }

    /** AT_LEAST_ONCE (default), EXACTLY_ONCE (needs checkpointing and max_prepared_transactions > 0) or NONE. */
    public PgCopySinkBuilder<T> deliveryGuarantee(DeliveryGuarantee guarantee) {
        this.guarantee = guarantee;
        return this;
    }

    /** At-least-once: commit after this many rows; exactly-once upsert: apply the stage after them. */
    public PgCopySinkBuilder<T> maxRows(int rows) {
        this.maxRows = rows;
        return this;
    }

    /** At-least-once: commit after this many bytes of COPY data. */
    public PgCopySinkBuilder<T> maxBytes(long bytes) {
        this.maxBytes = bytes;
        return this;
    }

    /** At-least-once: commit rows older than this; 0 turns the timer off. */
    public PgCopySinkBuilder<T> flushInterval(Duration interval) {
        this.interval = interval;
        return this;
    }

    /** How often the committer retries a commit after a lost connection. */
    public PgCopySinkBuilder<T> maxRetries(int retries) {
        this.maxRetries = retries;
        return this;
    }

    /**
     * Names this sink's prepared transactions ({@code pgcopy_f_<id>_<job>_<subtask>_<n>}) and staging
     * tables; default: the table's name. Two sinks into one database need different ids.
     */
    public PgCopySinkBuilder<T> sinkId(String id) {
        this.sinkId = id;
        return this;
    }

    /** Makes this an upsert sink with this key (usually the primary key): it takes UPDATE and DELETE rows. */
    public PgCopySinkBuilder<T> upsertKey(List<String> columns) {
        this.keyColumns = List.copyOf(columns);
        return this;
    }

    /**
     * Exactly-once: the table that records the sink's commits, as PostgreSQL parses it (e.g.
     * {@code pgcopy.flink_commits}); created on first use if missing. Default: {@code pgcopy_commit_log}
     * in the target's schema. Sinks may share one.
     */
    public PgCopySinkBuilder<T> commitLogTable(String table) {
        this.commitLogTable = table;
        return this;
    }

    public PgCopySink<T> build() {
        if (url == null) throw new IllegalArgumentException("the pgcopy sink needs a url");
        if (table == null) throw new IllegalArgumentException("the pgcopy sink needs a table");
        if (converter == null) throw new IllegalArgumentException("the pgcopy sink needs a row converter");
        TableName name = TableName.parse(table);
        SinkSettings settings = new SinkSettings(new ConnectionSpec(url, properties), name, guarantee, maxRows,
                maxBytes, interval.toMillis(), maxRetries, sinkId != null ? sinkId : SinkSettings.defaultSinkId(name),
                keyColumns, commitLogTable != null ? TableName.parse(commitLogTable) : CheckpointTransactions.logTable(name));
        FlinkLine line = FlinkLine.forRunningFlink();
        try {
            return line.sink(settings, converter);
        } catch (LinkageError e) {
            // the line's sink class does not link against this Flink: a module of another line
            throw new IllegalStateException("pgcopy: " + line.artifactId() + "'s sink does not load on Flink "
                    + FlinkLine.runningFlink() + " (" + e + ") — " + FlinkLine.advice(FlinkLine.runningFlink()), e);
        }
    }
}
