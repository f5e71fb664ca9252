package io.pgcopy.arrow;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgType;
import io.pgcopy.catalog.TypeModifiers;

/**
 * The read mapping: which decoder (and so which Arrow type) a PostgreSQL type gets. Types with no
 * decoder are selected as {@code ::text} (arrays of them as {@code ::text[]}) and read as Utf8.
 */
final class DecoderFactory {
    private DecoderFactory() {}

    /** A column's decoder, or null when the column must be cast to text (or text[]) first. */
    static ColumnDecoder column(PgType type, int typmod, int depth, ReadOptions options) {
        PgType t = type.resolved();
        if (t.kind() == PgType.Kind.ARRAY) {
            PgType element = t.element();
            ColumnDecoder e = scalar(element.resolved(), typmod, options);
            return e == null ? null : new ArrayDecoder(element.oid(), element.displayName(), e, depth);
        }
        return scalar(t, typmod, options);
    }

    /** The decoder of an array read through a {@code ::text[]} cast. */
    static ColumnDecoder textArray(int depth) {
        return new ArrayDecoder(Oids.TEXT, "text", Decoders.text(), depth);
    }

    static ColumnDecoder scalar(PgType t, int typmod, ReadOptions o) {
        if (t.kind() == PgType.Kind.ENUM) return Decoders.text();
        if (t.kind() != PgType.Kind.BASE) return null;
        boolean infinityToNull = o.infinity() == ReadOptions.OnSpecial.NULL;
        switch (t.oid()) {
            case Oids.BOOL: return Decoders.bool();
            case Oids.INT2: return Decoders.int2();
            case Oids.INT4: return Decoders.int4();
            case Oids.INT8: return Decoders.int8();
            case Oids.OID: return Decoders.oid();
            case Oids.FLOAT4: return Decoders.float4();
            case Oids.FLOAT8: return Decoders.float8();
            case Oids.NUMERIC: return numeric(typmod, o);
            case Oids.TEXT: case Oids.VARCHAR: case Oids.BPCHAR: case Oids.NAME: case Oids.JSON: case Oids.XML:
                return Decoders.text();
            case Oids.JSONB: return Decoders.jsonb();
            case Oids.UUID: return Decoders.uuid();
            case Oids.BYTEA: return Decoders.bytea();
            case Oids.DATE: return Decoders.date(infinityToNull);
            case Oids.TIME: return Decoders.time();
            case Oids.TIMESTAMP: return Decoders.timestamp(false, infinityToNull);
            case Oids.TIMESTAMPTZ: return Decoders.timestamp(true, infinityToNull);
            case Oids.INTERVAL: return Decoders.interval(infinityToNull);
            case Oids.TIMETZ: return TextDecoders.timetz();
            case Oids.INET: return TextDecoders.inet(false);
            case Oids.CIDR: return TextDecoders.inet(true);
            case Oids.MACADDR: return TextDecoders.macaddr(6);
            case MACADDR8: return TextDecoders.macaddr(8);
            default:
                // citext is an extension type (its OID differs per database); its binary form is text's
                return "citext".equals(t.name()) ? Decoders.text() : null;
        }
    }

    static final int MACADDR8 = 774;

    /**
     * numeric(p,s) with s &ge; 0 becomes Decimal(max(p,s), s); with s &lt; 0 (PostgreSQL 15+)
     * Decimal(p - s, 0); when that is wider than 38 digits, or there is no typmod, the options
     * decide: Decimal(numericPrecision, numericScale) with an error for values that do not fit,
     * or Utf8.
     */
    static ColumnDecoder numeric(int typmod, ReadOptions o) {
        boolean specialsToNull = o.numericSpecials() == ReadOptions.OnSpecial.NULL;
        int p = TypeModifiers.numericPrecision(typmod);
        if (p > 0) {
            int s = TypeModifiers.numericScale(typmod);
            int dp = s >= 0 ? Math.max(p, s) : p - s;
            int ds = Math.max(s, 0);
            if (dp <= 38) return NumericDecoders.decimal(dp, ds, specialsToNull, "");
        }
        if (o.unconstrainedNumeric() == ReadOptions.NumericMode.TEXT) return NumericDecoders.text();
        return NumericDecoders.decimal(o.numericPrecision(), o.numericScale(), specialsToNull,
                " (read numerics without a precision as text with the unconstrainedNumeric=TEXT option, or choose"
                        + " another numericPrecision/numericScale)");
    }
}
