package io.pgcopy.arrow;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgColumn;
import io.pgcopy.catalog.PgTable;
import io.pgcopy.catalog.PgType;
import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.catalog.TypeCatalog;
import io.pgcopy.read.PredicateSql;
import io.pgcopy.read.PushdownColumn;
import io.pgcopy.read.PushdownSql;
import io.pgcopy.read.PushedClauses;
import io.pgcopy.read.ReadSplit;
import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A read planned once (on a driver) and run as many COPYs (one per split, anywhere): the source,
 * the columns with their types and SELECT expressions, and the read options. It is serializable
 * and holds no connection; {@link #open} builds fresh decoders for each reader.
 *
 * <pre>{@code
 * ArrowScan scan = ArrowScan.table(conn, TableName.parse("public.t"), ReadOptions.DEFAULT).select(List.of("id", "v"));
 * for (ReadSplit split : CtidRangeSplitter.plan(conn, scan.table().orElseThrow(), 4, 4)) {
 *     try (PgArrowReader r = scan.open(otherConn, scan.copySql(split, null, null), 8192, allocator)) { ... }
 * }
 * }</pre>
 */
public final class ArrowScan implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String QUERY_ALIAS = "pgcopy_query";

    private final String source;
    private final TableName table;
    private final String from;
    private final List<ReadColumn> columns;
    private final List<String> expressions;
    private final ReadOptions options;

    private ArrowScan(String source, TableName table, String from, List<ReadColumn> columns, List<String> expressions,
            ReadOptions options) {
        this.source = source;
        this.table = table;
        this.from = from;
        this.columns = List.copyOf(columns);
        this.expressions = List.copyOf(expressions);
        this.options = options;
    }

    /** Every column of a table or view, in column order. */
    public static ArrowScan table(Connection connection, TableName name, ReadOptions options) throws SQLException {
        PgTable t = new TableIntrospector(connection).get(name);
        List<ReadColumn> columns = new ArrayList<>();
        for (PgColumn c : t.columns()) {
            columns.add(new ReadColumn(c.name(), c.type(), c.effectiveTypmod(), c.dimensions(), !c.notNull()));
        }
        return planned("table " + t.name(), t.name(), t.name().quoted(), columns, options);
    }

    /**
     * Every column of a query (without parameters), which is described, not run. Its column names
     * must be unique, since splits and filters refer to them.
     */
    public static ArrowScan query(Connection connection, String query, ReadOptions options) throws SQLException {
        String q = ReadPlanner.trimQuery(query);
        List<ReadColumn> columns = ReadPlanner.describe(connection, q);
        Set<String> seen = new HashSet<>();
        for (ReadColumn c : columns) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("the query returns more than one column named \"" + c.name()
                        + "\"; give them distinct aliases");
            }
        }
        return planned("query", null, "(" + q + ") AS " + QUERY_ALIAS, columns, options);
    }

    private static ArrowScan planned(String source, TableName table, String from, List<ReadColumn> columns,
            ReadOptions options) {
        List<String> expressions = new ArrayList<>();
        for (ReadPlanner.Planned p : ReadPlanner.plan(columns, options)) {
            expressions.add(Identifiers.quote(p.column().name()) + p.cast());
        }
        return new ArrowScan(source, table, from, columns, expressions, options);
    }

    /** The Arrow schema of the batches; field metadata {@code pgcopy.pg_type} names each column's PostgreSQL type. */
    public Schema schema() {
        return plan(null).schema();
    }

    public List<String> columnNames() {
        return columns.stream().map(ReadColumn::name).toList();
    }

    /** The table read, or empty for a query. */
    public Optional<TableName> table() {
        return Optional.ofNullable(table);
    }

    /** The FROM item the SELECTs read: the quoted table name or the query with an alias. */
    public String from() {
        return from;
    }

    /** "table s.t" or "query", for messages. */
    public String source() {
        return source;
    }

    /** The PostgreSQL type of a column of this scan, for split planning. */
    public Optional<PgType> columnType(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).map(ReadColumn::type).findFirst();
    }

    /** The same scan with only these columns, in this order (none: rows without columns, for counting). */
    public ArrowScan select(List<String> names) {
        List<ReadColumn> cs = new ArrayList<>();
        List<String> es = new ArrayList<>();
        for (String n : names) {
            int i = indexOf(n);
            cs.add(columns.get(i));
            es.add(expressions.get(i));
        }
        return new ArrowScan(source, table, from, cs, es, options);
    }

    /**
     * The same scan with some columns read as other PostgreSQL types (e.g. {@code numeric(38,0)},
     * {@code text}) through a cast in the SELECT. The casts are checked by the server now (a
     * {@code SELECT ... WHERE false}), so an impossible one fails before anything is read.
     */
    public ArrowScan retype(Connection connection, Map<String, String> sqlTypes) throws SQLException {
        if (sqlTypes.isEmpty()) return this;
        TypeCatalog types = new TypeCatalog(connection);
        List<ReadColumn> cs = new ArrayList<>(columns);
        List<String> es = new ArrayList<>(expressions);
        for (Map.Entry<String, String> e : new LinkedHashMap<>(sqlTypes).entrySet()) {
            int i = indexOf(e.getKey());
            TypeCatalog.TypeWithModifier t = types.parse(e.getValue());
            ReadColumn old = columns.get(i);
            ReadColumn c = new ReadColumn(old.name(), t.type(), t.typmod(),
                    t.type().resolved().kind() == PgType.Kind.ARRAY ? Math.max(old.dimensions(), 1) : 0, old.nullable());
            ReadPlanner.Planned p = ReadPlanner.plan(List.of(c), options).get(0);
            cs.set(i, c);
            es.set(i, "(" + Identifiers.quote(old.name()) + "::" + c.typeDisplay() + ")" + p.cast());
        }
        ArrowScan scan = new ArrowScan(source, table, from, cs, es, options);
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT " + scan.selectList() + " FROM " + from + " WHERE false");
        } catch (SQLException e) {
            throw new SQLException("cannot read " + source + " with the types " + sqlTypes + ": " + e.getMessage(),
                    e.getSQLState(), e);
        }
        return scan;
    }

    private int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) return i;
        }
        throw new IllegalArgumentException(source + " has no column \"" + name + "\"; its columns are "
                + columnNames());
    }

    /**
     * Renders filters on the columns whose PostgreSQL comparison is exactly the engine's (see
     * {@link #pushdownColumns()}).
     */
    public PredicateSql filters() {
        Set<String> comparable = new HashSet<>();
        Set<String> text = new HashSet<>();
        for (PushdownColumn c : pushdownColumns()) {
            if (c.kind() == PushdownColumn.Kind.BPCHAR) continue;
            comparable.add(c.name());
            if (c.kind() == PushdownColumn.Kind.TEXT) text.add(c.name());
        }
        return new PredicateSql(comparable, text);
    }

    /** Renders GROUP BY and ORDER BY keys and aggregates on the {@link #pushdownColumns()}. */
    public PushdownSql pushdown() {
        return new PushdownSql(pushdownColumns());
    }

    /**
     * The columns whose PostgreSQL comparison and ordering is exactly the engine's: booleans,
     * numbers, text/varchar/name (ordered byte-wise through {@code COLLATE "C"}), bytea, dates and
     * timestamps, read without a cast; char(n) for grouping only. Other columns (citext, jsonb,
     * uuid, enums, ...) compare differently in PostgreSQL, so what touches them stays with the engine. Numeric columns count
     * only when a NaN fails the read (numericSpecials=error), and dates and timestamps only when an
     * infinity does: read as NULL, they would compare and sort unlike PostgreSQL's values.
     */
    public List<PushdownColumn> pushdownColumns() {
        List<PushdownColumn> out = new ArrayList<>();
        List<ReadPlanner.Planned> planned = ReadPlanner.plan(columns, options);
        boolean specialsFail = options.numericSpecials() == ReadOptions.OnSpecial.ERROR;
        boolean infinityFails = options.infinity() == ReadOptions.OnSpecial.ERROR;
        for (int i = 0; i < columns.size(); i++) {
            ReadColumn c = columns.get(i);
            if (!expressions.get(i).equals(Identifiers.quote(c.name()))) continue;
            PgType t = c.type().resolved();
            if (t.kind() != PgType.Kind.BASE) continue;
            PushdownColumn.Kind kind = switch (t.oid()) {
                case Oids.TEXT, Oids.VARCHAR, Oids.NAME -> PushdownColumn.Kind.TEXT;
                case Oids.BPCHAR -> c.typmod() == -1 ? null : PushdownColumn.Kind.BPCHAR;
                case Oids.BOOL -> PushdownColumn.Kind.BOOL;
                case Oids.INT2, Oids.INT4 -> PushdownColumn.Kind.INTEGER;
                case Oids.INT8 -> PushdownColumn.Kind.BIGINT;
                case Oids.FLOAT4, Oids.FLOAT8 -> PushdownColumn.Kind.FLOAT;
                case Oids.BYTEA -> PushdownColumn.Kind.BYTEA;
                case Oids.DATE -> infinityFails ? PushdownColumn.Kind.DATE : null;
                case Oids.TIMESTAMP, Oids.TIMESTAMPTZ -> infinityFails ? PushdownColumn.Kind.TIMESTAMP : null;
                // an unconstrained numeric read as text compares as a number in PostgreSQL
                case Oids.NUMERIC -> !specialsFail || !(planned.get(i).field().getType() instanceof ArrowType.Decimal)
                        ? null : c.typmod() == -1 ? PushdownColumn.Kind.NUMERIC_UNCONSTRAINED : PushdownColumn.Kind.DECIMAL;
                default -> null;
            };
            if (kind == null) continue;
            int precision = 0;
            int scale = 0;
            if (kind == PushdownColumn.Kind.DECIMAL) {
                ArrowType.Decimal d = (ArrowType.Decimal) planned.get(i).field().getType();
                precision = d.getPrecision();
                scale = d.getScale();
            }
            out.add(new PushdownColumn(c.name(), kind, precision, scale));
        }
        return out;
    }

    /**
     * A scan of computed columns (aggregates, group keys) over the same source, named {@code names}
     * and typed by the server's description of the SELECT, as pgcopy reads any query's columns.
     */
    public ArrowScan computed(Connection connection, List<String> names, List<String> sqlExpressions,
            List<String> groupBy) throws SQLException {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) select.append(", ");
            select.append(sqlExpressions.get(i)).append(" AS ").append(Identifiers.quote(names.get(i)));
        }
        select.append(" FROM ").append(from).append(new PushedClauses(groupBy, null, null, null).sql());
        List<ReadColumn> cs = ReadPlanner.describe(connection, select.toString());
        List<String> es = new ArrayList<>();
        List<ReadPlanner.Planned> planned = ReadPlanner.plan(cs, options);
        for (int i = 0; i < cs.size(); i++) es.add("(" + sqlExpressions.get(i) + ")" + planned.get(i).cast());
        return new ArrowScan(source, table, from, cs, es, options);
    }

    /** The SELECT list of this scan's columns. */
    public String selectList() {
        return String.join(", ", expressions);
    }

    /** A split reading the whole source. */
    public ReadSplit whole() {
        return new ReadSplit(0, from, null);
    }

    /**
     * The COPY of one split.
     *
     * @param pushedCondition SQL rendered by {@link #filters()}, or null
     * @param limit a LIMIT for this split, or null
     */
    public String copySql(ReadSplit split, String pushedCondition, Integer limit) {
        String select = split.select(selectList(), pushedCondition);
        if (limit != null) select += " LIMIT " + limit;
        return "COPY (" + select + ") TO STDOUT (FORMAT binary)";
    }

    /** The COPY of one split with pushed-down clauses (GROUP BY, ORDER BY, LIMIT, OFFSET) after its WHERE. */
    public String copySqlWith(ReadSplit split, String pushedCondition, PushedClauses clauses) {
        return "COPY (" + split.select(selectList(), pushedCondition) + clauses.sql() + ") TO STDOUT (FORMAT binary)";
    }

    /**
     * Starts reading one COPY of this scan (made by {@link #copySql}) on {@code connection}, into
     * batches of at most {@code batchRows} rows in vectors of {@code allocator}.
     */
    public PgArrowReader open(Connection connection, String copySql, int batchRows, BufferAllocator allocator) {
        return new PgArrowReader(connection, plan(copySql), batchRows, allocator);
    }

    private ReadPlanner.Plan plan(String copySql) {
        List<ReadPlanner.Planned> planned = ReadPlanner.plan(columns, options);
        return new ReadPlanner.Plan(source, copySql, planned, ReadPlanner.schema(planned));
    }

    @Override
    public String toString() {
        return "SELECT " + selectList() + " FROM " + from;
    }
}
