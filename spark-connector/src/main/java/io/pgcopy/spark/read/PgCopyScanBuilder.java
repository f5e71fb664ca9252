package io.pgcopy.spark.read;

import io.pgcopy.arrow.ArrowScan;
import io.pgcopy.copy.ServerFailures;
import io.pgcopy.read.PredicateSql;
import io.pgcopy.read.PushdownSql;
import io.pgcopy.read.PushedClauses;
import io.pgcopy.spark.PgCopyOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownOffset;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownTopN;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Takes what Spark pushes down, each only where PostgreSQL computes exactly what Spark would: the
 * columns it needs, predicates (the others stay with Spark), aggregates with GROUP BY, top-N,
 * offset and limit. Aggregates, top-N and offset are complete when the read is one split (no
 * {@code partitionColumn}, or one partition: then the table is read as one split, and PostgreSQL
 * answers); split by {@code partitionColumn}, aggregates and top-N run per split and Spark merges.
 */
public final class PgCopyScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns,
        SupportsPushDownV2Filters, SupportsPushDownAggregates, SupportsPushDownLimit, SupportsPushDownTopN,
        SupportsPushDownOffset {
    private final PgCopyOptions options;
    private final ReadSettings settings;
    private final ReadSource source;
    private List<String> columns;
    private Predicate[] pushed = new Predicate[0];
    private final List<String> conditions = new ArrayList<>();
    private final List<String> pushedParts = new ArrayList<>();
    private SparkAggregates aggregates;
    private boolean aggregatesComplete;
    private boolean completeAsked;
    private List<String> orderBy = List.of();
    private Integer limit;
    private Integer offset;

    public PgCopyScanBuilder(PgCopyOptions options, ReadSource source) {
        this.options = options;
        this.settings = ReadSettings.of(options);
        this.source = source;
        this.columns = source.scan().columnNames();
    }

    @Override
    public void pruneColumns(StructType required) {
        columns = Arrays.stream(required.fields()).map(StructField::name).toList();
    }

    @Override
    public Predicate[] pushPredicates(Predicate[] predicates) {
        if (!options.getBoolean(PgCopyOptions.PUSH_DOWN_PREDICATE, true)) return predicates;
        PredicateSql sql = source.scan().filters();
        List<Predicate> accepted = new ArrayList<>();
        List<Predicate> rest = new ArrayList<>();
        for (Predicate p : predicates) {
            Optional<String> rendered = SparkPredicates.toPredicate(p).flatMap(sql::render);
            if (rendered.isPresent()) {
                accepted.add(p);
                conditions.add(rendered.get());
            } else {
                rest.add(p);
            }
        }
        pushed = accepted.toArray(new Predicate[0]);
        if (!accepted.isEmpty()) pushedParts.add("filters " + accepted);
        return rest.toArray(new Predicate[0]);
    }

    @Override
    public Predicate[] pushedPredicates() {
        return pushed;
    }

    /** Whether the scan is one split, so that PostgreSQL sees every row of one aggregate, top-N or offset. */
    private boolean oneSplit() {
        return settings.partitionColumn().isEmpty() || settings.numPartitions().equals(Optional.of(1));
    }

    private PushdownSql pushdown() {
        return source.scan().pushdown();
    }

    @Override
    public boolean supportCompletePushDown(Aggregation aggregation) {
        completeAsked = oneSplit() && options.getBoolean(PgCopyOptions.PUSH_DOWN_AGGREGATE, true)
                && SparkAggregates.of(aggregation, pushdown()).isPresent();
        return completeAsked;
    }

    @Override
    public boolean pushAggregation(Aggregation aggregation) {
        if (!options.getBoolean(PgCopyOptions.PUSH_DOWN_AGGREGATE, true)) return false;
        Optional<SparkAggregates> a = SparkAggregates.of(aggregation, pushdown());
        // Spark asks for complete pushdown first; if refused (say AVG of a decimal), it may push a
        // rewritten aggregation (AVG as SUM and COUNT) that it finishes itself: only what it can merge
        aggregatesComplete = completeAsked;
        if (a.isEmpty() || (!aggregatesComplete && (a.get().distinct() || a.get().average()))) return false;
        aggregates = a.get();
        pushedParts.add(a.get().description() + (aggregatesComplete ? " (complete)" : " (partial, merged by Spark)"));
        return true;
    }

    @Override
    public boolean pushLimit(int limit) {
        if (!options.getBoolean(PgCopyOptions.PUSH_DOWN_LIMIT, true)) return false;
        if (aggregates != null && !aggregatesComplete) return false;
        this.limit = limit;
        pushedParts.add("limit " + limit);
        return true;
    }

    @Override
    public boolean pushTopN(SortOrder[] orders, int limit) {
        if (!options.getBoolean(PgCopyOptions.PUSH_DOWN_LIMIT, true) || aggregates != null) return false;
        List<String> keys = new ArrayList<>();
        PushdownSql sql = pushdown();
        for (SortOrder o : orders) {
            Optional<String> key = SparkPredicates.column(o.expression()).flatMap(c -> sql.orderKey(c,
                    o.direction() == SortDirection.ASCENDING, o.nullOrdering() == NullOrdering.NULLS_FIRST));
            if (key.isEmpty()) return false;
            keys.add(key.get());
        }
        orderBy = keys;
        this.limit = limit;
        pushedParts.add("top " + limit + " by " + List.of(orders) + (oneSplit() ? "" : " (per split, merged by Spark)"));
        return true;
    }

    /** A limit alone runs per split (ctid ranges); a top-N, or a limit over aggregates, on one split is complete. */
    @Override
    public boolean isPartiallyPushed() {
        return !(aggregatesComplete || (oneSplit() && !orderBy.isEmpty()));
    }

    @Override
    public boolean pushOffset(int offset) {
        if (!options.getBoolean(PgCopyOptions.PUSH_DOWN_OFFSET, true) || !oneSplit()) return false;
        // Spark pushes LIMIT n + m before OFFSET m; SQL applies OFFSET first, so LIMIT becomes n
        if (limit != null) limit = limit - offset;
        this.offset = offset;
        pushedParts.add("offset " + offset);
        return true;
    }

    @Override
    public Scan build() {
        String where = conditions.isEmpty() ? null : String.join(" AND ", conditions);
        PushedClauses clauses = new PushedClauses(aggregates == null ? List.of() : aggregates.groupBy(), orderBy,
                limit, offset);
        boolean whole = oneSplit() && (aggregates != null || !orderBy.isEmpty() || offset != null);
        ArrowScan scan = aggregates == null ? source.scan().select(columns) : computed(aggregates);
        return new PgCopyScan(options, settings, source, scan, new PushedOperations(where, clauses, whole,
                List.copyOf(pushedParts)));
    }

    private ArrowScan computed(SparkAggregates a) {
        try (Connection c = options.connection().open()) {
            return source.scan().computed(c, a.names(), a.select(), a.groupBy());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot plan the aggregates of " + source.scan().source() + ": "
                    + e.getMessage() + ServerFailures.hint(source.scan().source(), e), e);
        }
    }
}
