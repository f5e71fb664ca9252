package io.pgcopy.flink.table;

import io.pgcopy.flink.lookup.LookupSource;
import io.pgcopy.flink.lookup.PgCopyLookup;
import io.pgcopy.flink.source.PgCopySource;
import io.pgcopy.flink.source.SourceColumn;
import io.pgcopy.flink.source.SourceSettings;
import io.pgcopy.read.PredicateSql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;

/**
 * {@code 'connector' = 'pgcopy'} read as a bounded scan: a {@link PgCopySource} of the projected
 * columns, with the filters PostgreSQL evaluates exactly as Flink does pushed into each split's
 * COPY (the others stay with Flink), and a limit per split (Flink keeps its own limit on top).
 * Also the right side of lookup joins ({@link PgCopyLookup}): the same projection and pushed
 * filters apply to each key's query and to the FULL cache's COPY, so a filter Flink hands to the
 * source is never lost on the lookup path.
 */
public final class PgCopyDynamicTableSource implements ScanTableSource, LookupTableSource,
        SupportsProjectionPushDown, SupportsFilterPushDown, SupportsLimitPushDown {
    /** Every column of the table as declared, which pushed filters may name even when not projected. */
    private final List<SourceColumn> declared;
    /** The table's options, for the lookup's cache, retries and pool. */
    private final ReadableConfig options;
    private SourceSettings settings;
    private final List<String> pushed = new ArrayList<>();

    public PgCopyDynamicTableSource(SourceSettings settings, ReadableConfig options) {
        this(settings.columns(), settings, options);
    }

    private PgCopyDynamicTableSource(List<SourceColumn> declared, SourceSettings settings, ReadableConfig options) {
        this.declared = declared;
        this.settings = settings;
        this.options = options;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        return SourceProvider.of(PgCopySource.of(settings));
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        return PgCopyLookup.provider(new LookupSource(settings.connection(), settings.table(), settings.rowType(),
                settings.where()), options, context);
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        List<SourceColumn> selected = new ArrayList<>();
        for (int[] path : projectedFields) selected.add(declared.get(path[0]));
        settings = settings.withColumns(selected);
    }

    @Override
    public Result applyFilters(List<ResolvedExpression> filters) {
        Set<String> comparable = new HashSet<>();
        Set<String> text = new HashSet<>();
        for (SourceColumn c : declared) {
            if (c.pushable()) comparable.add(c.name());
            if (c.text()) text.add(c.name());
        }
        PredicateSql sql = new PredicateSql(comparable, text);
        List<ResolvedExpression> accepted = new ArrayList<>();
        List<ResolvedExpression> remaining = new ArrayList<>();
        for (ResolvedExpression f : filters) {
            Optional<String> rendered = FlinkFilters.toPredicate(f).flatMap(sql::render);
            if (rendered.isPresent()) {
                accepted.add(f);
                pushed.add(rendered.get());
            } else {
                remaining.add(f);
            }
        }
        if (!pushed.isEmpty()) settings = settings.withWhere(String.join(" AND ", pushed));
        return Result.of(accepted, remaining);
    }

    @Override
    public void applyLimit(long limit) {
        settings = settings.withLimit(limit);
    }

    @Override
    public DynamicTableSource copy() {
        PgCopyDynamicTableSource copy = new PgCopyDynamicTableSource(declared, settings, options);
        copy.pushed.addAll(pushed);
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "pgcopy " + settings.table();
    }
}
