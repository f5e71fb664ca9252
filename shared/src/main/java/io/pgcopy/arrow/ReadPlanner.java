package io.pgcopy.arrow;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgColumn;
import io.pgcopy.catalog.PgTable;
import io.pgcopy.catalog.PgType;
import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.catalog.TypeModifiers;
import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.core.BaseConnection;

/** Finds the columns of a table or query and plans how each is selected and decoded. */
final class ReadPlanner {
    private ReadPlanner() {}

    /** Field metadata key holding the PostgreSQL type of a column, e.g. {@code numeric(10,2)}. */
    static final String PG_TYPE_METADATA = "pgcopy.pg_type";

    /** One planned column: the SELECT expression and a fresh decoder. */
    record Planned(ReadColumn column, String cast, ColumnDecoder decoder, Field field) {}

    /** The plan of a read: the COPY statement, the columns and the Arrow schema. */
    record Plan(String source, String copySql, List<Planned> columns, Schema schema) {}

    static Plan query(Connection connection, String query, ReadOptions options) throws SQLException {
        String q = trimQuery(query);
        List<ReadColumn> columns = describe(connection, q);
        List<Planned> planned = plan(columns, options);
        boolean casts = planned.stream().anyMatch(p -> !p.cast().isEmpty());
        String sql;
        if (!casts) {
            sql = "COPY (" + q + ") TO STDOUT (FORMAT binary)";
        } else {
            // the query's columns may share names: rename them by position, then cast
            List<String> aliases = new ArrayList<>();
            List<String> select = new ArrayList<>();
            for (int i = 0; i < planned.size(); i++) {
                String alias = "c" + (i + 1);
                aliases.add(alias);
                select.add("q." + Identifiers.quote(alias) + planned.get(i).cast());
            }
            sql = "COPY (SELECT " + String.join(", ", select) + " FROM (" + q + ") AS q("
                    + Identifiers.quoteList(aliases) + ")) TO STDOUT (FORMAT binary)";
        }
        return new Plan("query", sql, planned, schema(planned));
    }

    /** Without trailing semicolons, which cannot appear inside COPY ( ... ). */
    static String trimQuery(String query) {
        String q = query.strip();
        while (q.endsWith(";")) q = q.substring(0, q.length() - 1).strip();
        if (q.isEmpty()) throw new IllegalArgumentException("empty query");
        return q;
    }

    static List<Planned> plan(List<ReadColumn> columns, ReadOptions options) {
        List<Planned> planned = new ArrayList<>();
        for (ReadColumn c : columns) {
            PgType t = c.type().resolved();
            int depth = options.arrayDimensions().getOrDefault(c.name(), c.dimensions() > 0 ? c.dimensions() : 1);
            ColumnDecoder decoder = DecoderFactory.column(c.type(), c.typmod(), depth, options);
            String cast = "";
            if (decoder == null) {
                if (t.kind() == PgType.Kind.ARRAY) {
                    cast = "::text[]";
                    decoder = DecoderFactory.textArray(depth);
                } else {
                    cast = "::text";
                    decoder = Decoders.text();
                }
            }
            Field field = decoder.field(c.name(), c.nullable(), Map.of(PG_TYPE_METADATA, c.typeDisplay()));
            planned.add(new Planned(c, cast, decoder, field));
        }
        return planned;
    }

    static Schema schema(List<Planned> planned) {
        return new Schema(planned.stream().map(Planned::field).toList());
    }

    /**
     * The columns of a query from its row description (the statement is prepared and described,
     * not run). Where a column comes straight from a table column, the table's typmod and declared
     * array dimensions are used.
     */
    static List<ReadColumn> describe(Connection connection, String query) throws SQLException {
        TableIntrospector introspector = new TableIntrospector(connection);
        BaseConnection base = connection.unwrap(BaseConnection.class);
        Map<TableName, Optional<PgTable>> tables = new HashMap<>();
        List<ReadColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(query)) {
            ResultSetMetaData md = ps.getMetaData();
            if (md == null || md.getColumnCount() == 0) throw new SQLException("the query returns no columns: " + query);
            PGResultSetMetaData pmd = md.unwrap(PGResultSetMetaData.class);
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String typeName = md.getColumnTypeName(i);
                // pgjdbc names integer columns with a sequence default after the serial pseudo-types
                switch (typeName) {
                    case "serial": typeName = "int4"; break;
                    case "bigserial": typeName = "int8"; break;
                    case "smallserial": typeName = "int2"; break;
                    default: break;
                }
                int oid = base.getTypeInfo().getPGType(typeName);
                if (oid == 0) oid = regtype(connection, typeName);
                PgType type = introspector.types().type(oid);
                int typmod = -1;
                if (type.resolved().oid() == Oids.NUMERIC) {
                    int precision = md.getPrecision(i);
                    // pgjdbc reports the typmod's low 16 bits as the scale; PostgreSQL 15+ scales are 11-bit signed
                    int scale = ((md.getScale(i) & 0x7FF) ^ 1024) - 1024;
                    if (precision > 0) typmod = TypeModifiers.numericTypmod(precision, scale);
                }
                int dims = 0;
                String baseTable = pmd.getBaseTableName(i);
                String baseColumn = pmd.getBaseColumnName(i);
                if (baseTable != null && !baseTable.isEmpty() && baseColumn != null && !baseColumn.isEmpty()) {
                    String schema = pmd.getBaseSchemaName(i);
                    TableName tn = new TableName(schema == null || schema.isEmpty() ? null : schema, baseTable);
                    Optional<PgTable> table = tables.get(tn);
                    if (table == null) {
                        table = introspector.find(tn);
                        tables.put(tn, table);
                    }
                    Optional<PgColumn> column = table.flatMap(t -> t.column(baseColumn));
                    if (column.isPresent() && column.get().type().resolved().oid() == type.resolved().oid()) {
                        typmod = column.get().effectiveTypmod();
                        dims = column.get().dimensions();
                    }
                }
                boolean nullable = md.isNullable(i) != ResultSetMetaData.columnNoNulls;
                columns.add(new ReadColumn(md.getColumnLabel(i), type, typmod, dims, nullable));
            }
        }
        return columns;
    }

    private static int regtype(Connection connection, String typeName) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regtype(?)::oid")) {
            ps.setString(1, typeName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long oid = rs.getLong(1);
                if (rs.wasNull()) throw new SQLException("cannot find the type \"" + typeName + "\" of a query column");
                return (int) oid;
            }
        }
    }
}
