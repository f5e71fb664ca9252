package io.pgcopy.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A PostgreSQL type as the catalog describes it. Domains keep their base type, arrays their element
 * type, enums their labels: the encoder is chosen from {@link #resolved()}, while the wire keeps
 * the real OIDs (array_recv checks the element OID against the column's element type).
 */
public final class PgType implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public enum Kind { BASE, ARRAY, ENUM, DOMAIN, COMPOSITE, RANGE, OTHER }

    private final int oid;
    private final String schema;
    private final String name;
    private final Kind kind;
    private final PgType element; // ARRAY
    private final PgType base; // DOMAIN
    private final int baseTypmod; // DOMAIN: e.g. the 10 of "CREATE DOMAIN d AS varchar(10)"
    private final List<String> enumLabels; // ENUM

    private PgType(int oid, String schema, String name, Kind kind, PgType element, PgType base, int baseTypmod,
            List<String> enumLabels) {
        this.oid = oid;
        this.schema = schema;
        this.name = Objects.requireNonNull(name);
        this.kind = kind;
        this.element = element;
        this.base = base;
        this.baseTypmod = baseTypmod;
        this.enumLabels = enumLabels == null ? List.of() : List.copyOf(enumLabels);
    }

    public static PgType base(int oid, String name) {
        return new PgType(oid, "pg_catalog", name, Kind.BASE, null, null, -1, null);
    }

    public static PgType of(int oid, String schema, String name, Kind kind) {
        return new PgType(oid, schema, name, kind, null, null, -1, null);
    }

    public static PgType array(int oid, String schema, String name, PgType element) {
        return new PgType(oid, schema, name, Kind.ARRAY, Objects.requireNonNull(element), null, -1, null);
    }

    public static PgType domain(int oid, String schema, String name, PgType base, int baseTypmod) {
        return new PgType(oid, schema, name, Kind.DOMAIN, null, Objects.requireNonNull(base), baseTypmod, null);
    }

    public static PgType enumType(int oid, String schema, String name, List<String> labels) {
        return new PgType(oid, schema, name, Kind.ENUM, null, null, -1, labels);
    }

    public int oid() {
        return oid;
    }

    public String schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public PgType element() {
        return element;
    }

    public PgType base() {
        return base;
    }

    public int baseTypmod() {
        return baseTypmod;
    }

    public List<String> enumLabels() {
        return enumLabels;
    }

    /** This type with every domain layer removed. */
    public PgType resolved() {
        PgType t = this;
        while (t.kind == Kind.DOMAIN) t = t.base;
        return t;
    }

    /** The typmod that applies: a column's own, else the innermost domain's. */
    public int effectiveTypmod(int columnTypmod) {
        if (columnTypmod != -1) return columnTypmod;
        PgType t = this;
        while (t.kind == Kind.DOMAIN) {
            if (t.baseTypmod != -1) return t.baseTypmod;
            t = t.base;
        }
        return -1;
    }

    public boolean isArray() {
        return resolved().kind == Kind.ARRAY;
    }

    /** The name as PostgreSQL's format_type would show it, without the typmod. */
    public String displayName() {
        if (kind == Kind.ARRAY) return element.displayName() + "[]";
        String n = switch (oid) {
            case Oids.INT2 -> "smallint";
            case Oids.INT4 -> "integer";
            case Oids.INT8 -> "bigint";
            case Oids.FLOAT4 -> "real";
            case Oids.FLOAT8 -> "double precision";
            case Oids.BOOL -> "boolean";
            case Oids.VARCHAR -> "character varying";
            case Oids.BPCHAR -> "character";
            case Oids.TIMESTAMP -> "timestamp without time zone";
            case Oids.TIMESTAMPTZ -> "timestamp with time zone";
            case Oids.TIME -> "time without time zone";
            case Oids.TIMETZ -> "time with time zone";
            default -> name;
        };
        return schema == null || "pg_catalog".equals(schema) || "public".equals(schema) ? n : schema + "." + n;
    }

    @Override
    public String toString() {
        return displayName();
    }
}
