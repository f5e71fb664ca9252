package io.pgcopy.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads types from pg_type (following domains and array elements), cached per instance. */
public final class TypeCatalog {
    private final Connection connection;
    private final Map<Integer, PgType> cache = new HashMap<>();

    public TypeCatalog(Connection connection) {
        this.connection = connection;
    }

    public PgType type(int oid) throws SQLException {
        PgType cached = cache.get(oid);
        if (cached != null) return cached;
        PgType loaded = load(oid);
        cache.put(oid, loaded);
        return loaded;
    }

    private PgType load(int oid) throws SQLException {
        String sql = "SELECT n.nspname, t.typname, t.typtype, t.typcategory, t.typelem, t.typbasetype, t.typtypmod,"
                + " t.typlen FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE t.oid = ?";
        String schema;
        String name;
        char typtype;
        char category;
        int elem;
        int baseType;
        int typtypmod;
        int typlen;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setInt(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("type oid " + Integer.toUnsignedString(oid) + " not found in pg_type");
                schema = rs.getString(1);
                name = rs.getString(2);
                typtype = rs.getString(3).charAt(0);
                category = rs.getString(4).charAt(0);
                elem = (int) rs.getLong(5);
                baseType = (int) rs.getLong(6);
                typtypmod = rs.getInt(7);
                typlen = rs.getInt(8);
            }
        }
        switch (typtype) {
            case 'd':
                return PgType.domain(oid, schema, name, type(baseType), typtypmod);
            case 'e':
                return PgType.enumType(oid, schema, name, enumLabels(oid));
            case 'c':
                return PgType.of(oid, schema, name, PgType.Kind.COMPOSITE);
            case 'r':
            case 'm':
                return PgType.of(oid, schema, name, PgType.Kind.RANGE);
            case 'b':
                // true arrays are varlena with an element; "name" and "point" also have typelem but are not arrays
                if (category == 'A' && elem != 0 && typlen == -1) return PgType.array(oid, schema, name, type(elem));
                return PgType.of(oid, schema, name, PgType.Kind.BASE);
            default:
                return PgType.of(oid, schema, name, PgType.Kind.OTHER);
        }
    }

    private List<String> enumLabels(int oid) throws SQLException {
        List<String> labels = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = ? ORDER BY enumsortorder")) {
            ps.setInt(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) labels.add(rs.getString(1));
            }
        }
        return labels;
    }

    private static final Pattern MODIFIERS = Pattern.compile("\\(\\s*(-?\\d+)\\s*(?:,\\s*(-?\\d+)\\s*)?\\)");

    /**
     * A type written as SQL, e.g. {@code numeric(15,2)}, {@code varchar(10)[]},
     * {@code timestamp(3) with time zone}, {@code myschema.mood}: the type and its typmod.
     */
    public TypeWithModifier parse(String sqlType) throws SQLException {
        String text = sqlType.trim();
        Matcher m = MODIFIERS.matcher(text);
        int first = -1;
        int second = Integer.MIN_VALUE;
        String withoutModifiers = text;
        if (m.find()) {
            first = Integer.parseInt(m.group(1));
            if (m.group(2) != null) second = Integer.parseInt(m.group(2));
            withoutModifiers = (text.substring(0, m.start()) + " " + text.substring(m.end())).trim();
        }
        withoutModifiers = withoutModifiers.replaceAll("\\s+", " ").replaceAll(" \\[", "[");
        int oid;
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regtype(?)::oid")) {
            ps.setString(1, withoutModifiers);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                oid = (int) rs.getLong(1);
                if (rs.wasNull()) throw new SQLException("unknown PostgreSQL type: " + sqlType);
            }
        }
        PgType type = type(oid);
        int typmod = -1;
        if (first >= 0 || second != Integer.MIN_VALUE) {
            PgType leaf = type.resolved();
            while (leaf.kind() == PgType.Kind.ARRAY) leaf = leaf.element().resolved();
            typmod = switch (leaf.oid()) {
                case Oids.NUMERIC -> TypeModifiers.numericTypmod(first, second == Integer.MIN_VALUE ? 0 : second);
                case Oids.VARCHAR, Oids.BPCHAR -> TypeModifiers.charTypmod(first);
                case Oids.TIMESTAMP, Oids.TIMESTAMPTZ, Oids.TIME, Oids.TIMETZ -> first;
                default -> throw new SQLException("type modifiers are not supported for "
                        + leaf.name().toLowerCase(Locale.ROOT) + ": " + sqlType);
            };
        }
        return new TypeWithModifier(type, typmod);
    }

    /** A type and the typmod written with it (-1 when none). */
    public record TypeWithModifier(PgType type, int typmod) {}
}
