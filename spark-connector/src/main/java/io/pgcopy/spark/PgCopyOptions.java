package io.pgcopy.spark;

import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The options of the pgcopy data source: names as in Spark's JDBC source where the meaning is the
 * same. Keys are case-insensitive. Options pgcopy does not know are passed to pgjdbc as connection
 * properties (e.g. {@code sslmode}). Session-wide defaults come from {@code spark.datasource.pgcopy.*}
 * (merged by Spark before the options reach the source). {@link #toString()} hides passwords.
 */
public final class PgCopyOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String URL = "url";
    public static final String DBTABLE = "dbtable";
    public static final String QUERY = "query";
    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String NUM_PARTITIONS = "numPartitions";

    // write
    public static final String TRUNCATE = "truncate";
    public static final String CREATE_TABLE_OPTIONS = "createTableOptions";
    public static final String CREATE_TABLE_COLUMN_TYPES = "createTableColumnTypes";
    public static final String COMMIT = "commit";
    public static final String ON_CONFLICT = "onConflict";
    public static final String CONFLICT_COLUMNS = "conflictColumns";
    public static final String COLUMN_TYPES = "columnTypes";
    public static final String IGNORE_EXTRA_COLUMNS = "ignoreExtraColumns";
    public static final String NAIVE_TIMESTAMP_ZONE = "naiveTimestampZone";
    public static final String BUFFER_BYTES = "bufferBytes";
    /** Streaming writes: where the (query id, epoch) log lives. */
    public static final String COMMIT_LOG_TABLE = "commitLogTable";

    // read
    public static final String PARTITION_COLUMN = "partitionColumn";
    public static final String LOWER_BOUND = "lowerBound";
    public static final String UPPER_BOUND = "upperBound";
    public static final String BATCH_SIZE = "batchSize";
    public static final String SNAPSHOT = "snapshot";
    public static final String CUSTOM_SCHEMA = "customSchema";
    public static final String UNCONSTRAINED_NUMERIC = "unconstrainedNumeric";
    public static final String NUMERIC_SPECIALS = "numericSpecials";
    public static final String INFINITY = "infinity";
    public static final String PUSH_DOWN_PREDICATE = "pushDownPredicate";
    public static final String PUSH_DOWN_AGGREGATE = "pushDownAggregate";
    public static final String PUSH_DOWN_LIMIT = "pushDownLimit";
    public static final String PUSH_DOWN_OFFSET = "pushDownOffset";

    /** Every option pgcopy itself reads, lower-cased; all others go to pgjdbc. */
    private static final Set<String> KNOWN = lower(Set.of(URL, DBTABLE, QUERY, USER, PASSWORD, NUM_PARTITIONS,
            TRUNCATE, CREATE_TABLE_OPTIONS, CREATE_TABLE_COLUMN_TYPES, COMMIT, ON_CONFLICT, CONFLICT_COLUMNS,
            COLUMN_TYPES, IGNORE_EXTRA_COLUMNS, NAIVE_TIMESTAMP_ZONE, BUFFER_BYTES, PARTITION_COLUMN, LOWER_BOUND,
            UPPER_BOUND, BATCH_SIZE, SNAPSHOT, CUSTOM_SCHEMA, UNCONSTRAINED_NUMERIC, NUMERIC_SPECIALS, INFINITY,
            COMMIT_LOG_TABLE, PUSH_DOWN_PREDICATE, PUSH_DOWN_AGGREGATE, PUSH_DOWN_LIMIT, PUSH_DOWN_OFFSET, "path"));

    private static final Set<String> SECRETS = Set.of("password", "sslpassword");

    private final TreeMap<String, String> options = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public PgCopyOptions(Map<String, String> options) {
        this.options.putAll(options);
        if (get(URL).isEmpty()) throw new IllegalArgumentException("option \"url\" is required (jdbc:postgresql://…)");
    }

    private static Set<String> lower(Set<String> names) {
        return Set.copyOf(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }

    /** Whether pgcopy itself reads the option {@code name} (any case). */
    public static boolean knows(String name) {
        return KNOWN.contains(name.toLowerCase(Locale.ROOT));
    }

    public Optional<String> get(String name) {
        String v = options.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String get(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    public int getInt(String name, int defaultValue) {
        return get(name).map(v -> parse(name, v, Integer::parseInt)).orElse(defaultValue);
    }

    public long getLong(String name, long defaultValue) {
        return get(name).map(v -> parse(name, v, Long::parseLong)).orElse(defaultValue);
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        return get(name).map(v -> {
            if (v.equalsIgnoreCase("true")) return true;
            if (v.equalsIgnoreCase("false")) return false;
            throw new IllegalArgumentException("option \"" + name + "\" must be true or false, not: " + v);
        }).orElse(defaultValue);
    }

    private static <T> T parse(String name, String v, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option \"" + name + "\" must be a number, not: " + v);
        }
    }

    /** The table of {@code dbtable}, if given. */
    public Optional<TableName> table() {
        return get(DBTABLE).map(TableName::parse);
    }

    public Optional<String> query() {
        return get(QUERY);
    }

    /** The URL, user and password, plus every option pgcopy does not know, as pgjdbc properties. */
    public ConnectionSpec connection() {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            if (!KNOWN.contains(key.toLowerCase(Locale.ROOT)) || key.equalsIgnoreCase(USER)
                    || key.equalsIgnoreCase(PASSWORD)) {
                p.setProperty(key.equalsIgnoreCase(USER) ? "user" : key.equalsIgnoreCase(PASSWORD) ? "password" : key,
                        e.getValue());
            }
        }
        return new ConnectionSpec(get(URL).orElseThrow(), p);
    }

    public Map<String, String> asMap() {
        return new TreeMap<>(options);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (sb.length() > 1) sb.append(", ");
            String key = e.getKey().toLowerCase(Locale.ROOT);
            String value = SECRETS.contains(key) ? "***" : key.equals("url") ? ConnectionSpec.redact(e.getValue())
                    : e.getValue();
            sb.append(e.getKey()).append('=').append(value);
        }
        return sb.append('}').toString();
    }
}
