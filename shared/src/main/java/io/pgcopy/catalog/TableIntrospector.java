package io.pgcopy.catalog;

import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a table's columns and their real types from pg_attribute and pg_type. */
public final class TableIntrospector {
    private final Connection connection;
    private final TypeCatalog types;

    public TableIntrospector(Connection connection) {
        this.connection = connection;
        this.types = new TypeCatalog(connection);
    }

    public TypeCatalog types() {
        return types;
    }

    /** Whether the table exists (and is visible through search_path), without introspecting it. */
    public static boolean exists(Connection c, TableName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, name.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The table, or empty when it does not exist (or is not visible through search_path). */
    public Optional<PgTable> find(TableName name) throws SQLException {
        long relOid;
        String schema;
        String relName;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
            ps.setString(1, name.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                relOid = rs.getLong(1);
                schema = rs.getString(2);
                relName = rs.getString(3);
            }
        }
        List<PgColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT a.attname, a.attnum, a.atttypid, a.atttypmod, a.attnotnull, a.atthasdef, a.attndims,"
                        + " a.attgenerated <> '' FROM pg_catalog.pg_attribute a"
                        + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setLong(1, relOid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    PgType type = types.type((int) rs.getLong(3));
                    columns.add(new PgColumn(rs.getString(1), rs.getInt(2), type, rs.getInt(4), rs.getBoolean(5),
                            rs.getBoolean(6), rs.getInt(7), rs.getBoolean(8)));
                }
            }
        }
        return Optional.of(new PgTable(new TableName(schema, relName), relOid, columns));
    }

    /** The columns of the table's primary key in key order; empty when it has none. */
    public List<String> primaryKey(PgTable table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT a.attname FROM pg_catalog.pg_index i"
                        + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                        + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                        + " WHERE i.indrelid = ? AND i.indisprimary ORDER BY k.ord")) {
            ps.setLong(1, table.relationOid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) key.add(rs.getString(1));
            }
        }
        return key;
    }

    /** The table; fails with a clear message when it does not exist. */
    public PgTable get(TableName name) throws SQLException {
        return find(name).orElseThrow(() -> new SQLException("table " + name + " does not exist", "42P01"));
    }
}
