package io.pgcopy.codec;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgType;
import io.pgcopy.values.SourceType;
import java.io.Serializable;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Chooses the encoder for a source type and a target column type: the heart of the typed mapping.
 * The target type decides the bytes; the source type only says how to read the value.
 */
public final class EncoderFactory {
    private EncoderFactory() {}

    /**
     * @param sessionZone the zone whose wall clock an instant gets in a {@code timestamp} column
     * @param naiveTimestampZone the zone zone-less timestamps are read in for a {@code timestamptz}
     *     column; null refuses them, since guessing a zone would silently shift every value
     * @param numericInfinity whether the server's numeric holds ±Infinity (PostgreSQL 14 on);
     *     without it they are refused here, as numeric_recv would with a cryptic "invalid sign"
     */
    public record Options(ZoneId sessionZone, ZoneId naiveTimestampZone, boolean numericInfinity)
            implements Serializable {
        public static final Options DEFAULT = new Options(ZoneOffset.UTC, null);

        public Options {
            if (sessionZone == null) sessionZone = ZoneOffset.UTC;
        }

        public Options(ZoneId sessionZone, ZoneId naiveTimestampZone) {
            this(sessionZone, naiveTimestampZone, true);
        }

        public Options withNumericInfinity(boolean holds) {
            return new Options(sessionZone, naiveTimestampZone, holds);
        }
    }

    /** The encoder, or null when values of {@code source} cannot be written to {@code target}. */
    public static ValueEncoder create(SourceType source, PgType target, int typmod, Options options) {
        PgType t = target.resolved();
        switch (t.kind()) {
            case ARRAY: {
                if (source.kind() != SourceType.Kind.ARRAY || source.arrayDepth() > ArrayEncoder.MAX_DIMENSIONS) {
                    return null;
                }
                ValueEncoder element = create(source.leaf(), t.element(), typmod, options);
                return element == null ? null : new ArrayEncoder(t.element().oid(), element, source.arrayDepth());
            }
            case ENUM:
                return TextEncoders.enumLabel(source, t.name(), t.enumLabels());
            case BASE:
                return base(source, t, typmod, options);
            default:
                return null;
        }
    }

    private static ValueEncoder base(SourceType s, PgType t, int typmod, Options options) {
        switch (t.oid()) {
            case Oids.BOOL: return NumberEncoders.bool(s);
            case Oids.INT2: return NumberEncoders.int2(s);
            case Oids.INT4: return NumberEncoders.int4(s);
            case Oids.INT8: return NumberEncoders.int8(s);
            case Oids.OID: return NumberEncoders.oid(s);
            case Oids.FLOAT4: return NumberEncoders.float4(s);
            case Oids.FLOAT8: return NumberEncoders.float8(s);
            case Oids.NUMERIC: return NumericEncoder.create(s, typmod, options.numericInfinity());
            case Oids.TEXT: case Oids.XML: return TextEncoders.text(s);
            case Oids.NAME: return TextEncoders.name(s);
            case Oids.VARCHAR: return TextEncoders.varchar(s, typmod);
            case Oids.BPCHAR: return TextEncoders.bpchar(s, typmod);
            case Oids.JSON: return TextEncoders.json(s);
            case Oids.JSONB: return TextEncoders.jsonb(s);
            case Oids.BYTEA: return TextEncoders.bytea(s);
            case Oids.UUID: return UuidEncoder.create(s);
            case Oids.INET: return InetEncoder.create(s, false);
            case Oids.CIDR: return InetEncoder.create(s, true);
            case Oids.DATE: return TemporalEncoders.date(s);
            case Oids.TIME: return TemporalEncoders.time(s);
            case Oids.TIMETZ: return TemporalEncoders.timetz(s);
            case Oids.TIMESTAMP: return TemporalEncoders.timestamp(s, options.sessionZone());
            case Oids.TIMESTAMPTZ: return TemporalEncoders.timestamptz(s, options.naiveTimestampZone());
            case Oids.INTERVAL: return TemporalEncoders.interval(s);
            default:
                // citext is an extension type with its own OID; its binary form is text's
                return "citext".equals(t.name()) ? TextEncoders.text(s) : null;
        }
    }

    private static final java.util.Set<Integer> BASE_TYPES = java.util.Set.of(Oids.BOOL, Oids.INT2, Oids.INT4,
            Oids.INT8, Oids.OID, Oids.FLOAT4, Oids.FLOAT8, Oids.NUMERIC, Oids.TEXT, Oids.XML, Oids.NAME, Oids.VARCHAR,
            Oids.BPCHAR, Oids.JSON, Oids.JSONB, Oids.BYTEA, Oids.UUID, Oids.INET, Oids.CIDR, Oids.DATE, Oids.TIME,
            Oids.TIMETZ, Oids.TIMESTAMP, Oids.TIMESTAMPTZ, Oids.INTERVAL);

    /** Whether some source type can be written to {@code type}. */
    public static boolean supports(PgType type) {
        PgType t = type.resolved();
        switch (t.kind()) {
            case ARRAY: return supports(t.element());
            case ENUM: return true;
            case BASE: return BASE_TYPES.contains(t.oid()) || "citext".equals(t.name());
            default: return false;
        }
    }

    /** Why a pair has no encoder, beyond "cannot be written", when there is more to say. */
    public static String hint(SourceType source, PgType target) {
        PgType t = target.resolved();
        if (t.oid() == Oids.TIMESTAMPTZ && source.kind() == SourceType.Kind.TIMESTAMP) {
            return "a zone-less timestamp needs a time zone to become an instant; set the naiveTimestampZone option"
                    + " or write an instant type";
        }
        if (t.kind() == PgType.Kind.ARRAY && source.kind() != SourceType.Kind.ARRAY) return "the column is an array";
        if (!supports(t)) return "pgcopy has no binary encoder for " + t.displayName() + " yet";
        return null;
    }
}
