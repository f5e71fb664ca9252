package io.pgcopy.arrow;

import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow in and out of PostgreSQL over binary COPY, for any JVM program: no Spark or Flink needed.
 * All methods take a pgjdbc {@link Connection} that stays the caller's (it is neither committed
 * nor closed). Table names are parsed as PostgreSQL does ({@code s.t}, {@code "My Table"}) and all
 * identifiers are quoted in the SQL sent.
 *
 * <p><b>Write</b>: the Arrow schema is mapped onto the table's real column types
 * ({@link ArrowSchemas} for the Arrow side, {@link io.pgcopy.mapping.WritePlanner} for the typed
 * mapping), then batches stream through one COPY:
 * <pre>{@code
 * try (PgArrowWriter w = PgArrow.writer(conn, "public.t", root.getSchema(), MappingOptions.DEFAULT)) {
 *     w.write(root);
 *     long rows = w.finish();
 * }
 * }</pre>
 *
 * <p><b>Read</b>: a table or a query is read with {@code COPY (SELECT ...) TO STDOUT (FORMAT
 * binary)} into batches of at most {@code batchRows} rows, in one reused root:
 * <pre>{@code
 * try (PgArrowReader r = PgArrow.reader(conn, "public.t", 65536, allocator, ReadOptions.DEFAULT)) {
 *     while (r.loadNextBatch()) consume(r.root());
 * }
 * }</pre>
 * The read mapping: bool &rarr; Bool; int2/int4/int8 &rarr; Int 16/32/64; oid &rarr; Int 64;
 * float4/float8 &rarr; FloatingPoint; numeric(p,s) &rarr; Decimal(p,s) (unconstrained: see
 * {@link ReadOptions}); text, varchar, bpchar, name, citext, enums, json, jsonb, xml, uuid, timetz,
 * inet, cidr, macaddr, macaddr8 &rarr; Utf8 (as PostgreSQL prints them); bytea &rarr; Binary; date
 * &rarr; Date(DAY); time &rarr; Time(MICROSECOND); timestamp &rarr; Timestamp(MICROSECOND);
 * timestamptz &rarr; Timestamp(MICROSECOND, "UTC"); interval &rarr; Interval(MONTH_DAY_NANO); arrays
 * &rarr; (nested) List; domains as their base type; anything else &rarr; Utf8 through a
 * {@code ::text} cast.
 */
public final class PgArrow {
    private PgArrow() {}

    /** Opens a writer into {@code table} for batches of {@code schema}; fails before sending anything if they do not match. */
    public static PgArrowWriter writer(Connection connection, String table, Schema schema, MappingOptions options)
            throws SQLException {
        return new PgArrowWriter(connection, TableName.parse(table), schema, options);
    }

    /** Writes one batch in one COPY; returns the number of rows written. */
    public static long write(Connection connection, String table, VectorSchemaRoot root, MappingOptions options)
            throws SQLException {
        try (PgArrowWriter w = writer(connection, table, root.getSchema(), options)) {
            w.write(root);
            return w.finish();
        }
    }

    /**
     * Opens a reader of a table, or of a query when {@code tableOrQuery} starts with SELECT, WITH,
     * VALUES or TABLE (use {@link #readTable} for a table named like one of those keywords).
     */
    public static PgArrowReader reader(Connection connection, String tableOrQuery, int batchRows,
            BufferAllocator allocator, ReadOptions options) throws SQLException {
        return isQuery(tableOrQuery) ? readQuery(connection, tableOrQuery, batchRows, allocator, options)
                : readTable(connection, TableName.parse(tableOrQuery), batchRows, allocator, options);
    }

    /** Opens a reader of every column of a table (or view), in column order. */
    public static PgArrowReader readTable(Connection connection, TableName table, int batchRows,
            BufferAllocator allocator, ReadOptions options) throws SQLException {
        ArrowScan scan = ArrowScan.table(connection, table, orDefault(options));
        return scan.open(connection, scan.copySql(scan.whole(), null, null), batchRows, allocator);
    }

    /**
     * Opens a reader of a query (without parameters). Its column types come from describing the
     * prepared query, without running it; columns that come straight from a table column also get
     * that column's typmod and declared array dimensions.
     */
    public static PgArrowReader readQuery(Connection connection, String query, int batchRows,
            BufferAllocator allocator, ReadOptions options) throws SQLException {
        ReadPlanner.Plan plan = ReadPlanner.query(connection, query, orDefault(options));
        return new PgArrowReader(connection, plan, batchRows, allocator);
    }

    /** The Arrow schema a reader of {@code tableOrQuery} would give, without reading. */
    public static Schema readSchema(Connection connection, String tableOrQuery, ReadOptions options)
            throws SQLException {
        ReadOptions o = orDefault(options);
        return isQuery(tableOrQuery) ? ReadPlanner.query(connection, tableOrQuery, o).schema()
                : ArrowScan.table(connection, TableName.parse(tableOrQuery), o).schema();
    }

    /** Whether the text is a query rather than a table name. */
    static boolean isQuery(String text) {
        String s = text.stripLeading();
        while (s.startsWith("(")) s = s.substring(1).stripLeading();
        String lower = s.toLowerCase(Locale.ROOT);
        for (String keyword : new String[] {"select", "with", "values", "table"}) {
            if (lower.startsWith(keyword) && (lower.length() == keyword.length()
                    || !Character.isLetterOrDigit(lower.charAt(keyword.length())) && lower.charAt(keyword.length()) != '_'
                            && lower.charAt(keyword.length()) != '.' && lower.charAt(keyword.length()) != '$')) {
                return true;
            }
        }
        return false;
    }

    private static ReadOptions orDefault(ReadOptions options) {
        return options == null ? ReadOptions.DEFAULT : options;
    }
}
