package io.pgcopy.spark.read;

import io.pgcopy.read.PredicateSql;
import io.pgcopy.spark.PgCopyOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Takes what Spark pushes down: the columns it needs, the filters PostgreSQL evaluates exactly as
 * Spark would (the others stay with Spark), and a limit (applied per split; Spark keeps its own).
 */
public final class PgCopyScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns,
        SupportsPushDownFilters, SupportsPushDownLimit {
    private final PgCopyOptions options;
    private final ReadSource source;
    private List<String> columns;
    private Filter[] pushed = new Filter[0];
    private final List<String> conditions = new ArrayList<>();
    private Integer limit;

    public PgCopyScanBuilder(PgCopyOptions options, ReadSource source) {
        this.options = options;
        this.source = source;
        this.columns = source.scan().columnNames();
    }

    @Override
    public void pruneColumns(StructType required) {
        columns = Arrays.stream(required.fields()).map(StructField::name).toList();
    }

    @Override
    public Filter[] pushFilters(Filter[] filters) {
        PredicateSql sql = source.scan().filters();
        List<Filter> accepted = new ArrayList<>();
        List<Filter> rest = new ArrayList<>();
        for (Filter f : filters) {
            Optional<String> rendered = SparkFilters.toPredicate(f).flatMap(sql::render);
            if (rendered.isPresent()) {
                accepted.add(f);
                conditions.add(rendered.get());
            } else {
                rest.add(f);
            }
        }
        pushed = accepted.toArray(new Filter[0]);
        return rest.toArray(new Filter[0]);
    }

    @Override
    public Filter[] pushedFilters() {
        return pushed;
    }

    @Override
    public boolean pushLimit(int limit) {
        this.limit = limit;
        return true;
    }

    @Override
    public Scan build() {
        String where = conditions.isEmpty() ? null : String.join(" AND ", conditions);
        return new PgCopyScan(options, ReadSettings.of(options), source, source.scan().select(columns), where, limit);
    }
}
