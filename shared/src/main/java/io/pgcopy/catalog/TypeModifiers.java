package io.pgcopy.catalog;

/** Decoding of atttypmod, per type (numeric.c, varchar.c, timestamp.c). */
public final class TypeModifiers {
    private TypeModifiers() {}

    private static final int VARHDRSZ = 4;

    /** numeric: typmod = ((precision << 16) | scale) + VARHDRSZ; -1 when unconstrained. */
    public static int numericPrecision(int typmod) {
        return typmod < VARHDRSZ ? -1 : ((typmod - VARHDRSZ) >> 16) & 0xFFFF;
    }

    /** The scale of numeric(p,s); negative scales (PostgreSQL 15+) are sign-extended from 11 bits. */
    public static int numericScale(int typmod) {
        if (typmod < VARHDRSZ) return -1;
        int raw = (typmod - VARHDRSZ) & 0x7FF;
        return (raw ^ 1024) - 1024;
    }

    public static int numericTypmod(int precision, int scale) {
        return ((precision << 16) | (scale & 0x7FF)) + VARHDRSZ;
    }

    /** varchar(n)/bpchar(n): typmod = n + VARHDRSZ; -1 when unlimited. */
    public static int charLength(int typmod) {
        return typmod < VARHDRSZ ? -1 : typmod - VARHDRSZ;
    }

    public static int charTypmod(int length) {
        return length + VARHDRSZ;
    }

    /** The type with its modifier as format_type shows it. */
    public static String display(PgType type, int typmod) {
        PgType t = type;
        if (t.kind() == PgType.Kind.ARRAY) return display(t.element(), typmod) + "[]";
        String name = t.displayName();
        if (typmod < 0 || t.kind() != PgType.Kind.BASE) return name;
        return switch (t.oid()) {
            case Oids.NUMERIC -> name + "(" + numericPrecision(typmod) + "," + numericScale(typmod) + ")";
            case Oids.VARCHAR, Oids.BPCHAR -> name + "(" + charLength(typmod) + ")";
            case Oids.TIMESTAMP -> "timestamp(" + typmod + ") without time zone";
            case Oids.TIMESTAMPTZ -> "timestamp(" + typmod + ") with time zone";
            case Oids.TIME -> "time(" + typmod + ") without time zone";
            case Oids.TIMETZ -> "time(" + typmod + ") with time zone";
            default -> name;
        };
    }
}
