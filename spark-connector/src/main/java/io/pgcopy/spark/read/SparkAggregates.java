package io.pgcopy.spark.read;

import io.pgcopy.read.Aggregate;
import io.pgcopy.read.Aggregate.Function;
import io.pgcopy.read.PushdownSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.Avg;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;

/**
 * A Spark aggregation as the SELECT list and GROUP BY PostgreSQL answers it with: the group keys
 * first, then the aggregates, in Spark's order (the scan's output is matched by position).
 */
record SparkAggregates(List<String> names, List<String> select, List<String> groupBy, boolean distinct,
        boolean average, String description) {

    /** The aggregation as SQL, or empty when some part of it is not computed by PostgreSQL exactly as by Spark. */
    static Optional<SparkAggregates> of(Aggregation aggregation, PushdownSql sql) {
        List<String> names = new ArrayList<>();
        List<String> select = new ArrayList<>();
        List<String> groupBy = new ArrayList<>();
        for (Expression e : aggregation.groupByExpressions()) {
            Optional<String> key = SparkPredicates.column(e).flatMap(sql::groupKey);
            if (key.isEmpty()) return Optional.empty();
            names.add("group" + groupBy.size());
            select.add(key.get());
            groupBy.add(key.get());
        }
        boolean distinct = false;
        boolean average = false;
        for (AggregateFunc f : aggregation.aggregateExpressions()) {
            Optional<Aggregate> a = aggregate(f);
            Optional<String> rendered = a.flatMap(sql::aggregate);
            if (rendered.isEmpty()) return Optional.empty();
            distinct |= a.get().function() == Function.COUNT_DISTINCT;
            average |= a.get().function() == Function.AVG;
            names.add("aggregate" + (select.size() - groupBy.size()));
            select.add(rendered.get());
        }
        String description = "aggregates " + List.of(aggregation.aggregateExpressions())
                + (groupBy.isEmpty() ? "" : " grouped by " + List.of(aggregation.groupByExpressions()));
        return Optional.of(new SparkAggregates(names, select, groupBy, distinct, average, description));
    }

    private static Optional<Aggregate> aggregate(AggregateFunc f) {
        if (f instanceof CountStar) return Optional.of(new Aggregate(Function.COUNT_STAR, null));
        if (f instanceof Count c) return on(c.isDistinct() ? Function.COUNT_DISTINCT : Function.COUNT, c.column());
        if (f instanceof Sum s && !s.isDistinct()) return on(Function.SUM, s.column());
        if (f instanceof Avg a && !a.isDistinct()) return on(Function.AVG, a.column());
        if (f instanceof Min m) return on(Function.MIN, m.column());
        if (f instanceof Max m) return on(Function.MAX, m.column());
        return Optional.empty();
    }

    private static Optional<Aggregate> on(Function function, Expression column) {
        return SparkPredicates.column(column).map(c -> new Aggregate(function, c));
    }
}
